package dev.lading.core.job;

import dev.lading.core.InputException;
import dev.lading.core.buildfile.BuildFile;
import dev.lading.core.buildfile.Executable;
import dev.lading.core.buildfile.FileSpec;
import dev.lading.core.buildfile.LayerSpec;
import dev.lading.core.output.OutputSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Refuses, before anything is built, an output whose dest would overwrite what the build reads or what another
 * output writes: the build file, a {@code src:} entry or anything inside a {@code src:} directory, a native source,
 * the context or a directory holding it, the store, another output's dest or the metadata file. Paths are compared
 * as real paths (symlinked directories resolved, also for a dest that does not exist yet) and, where both exist,
 * as files, so that a second spelling or a hard link is caught too.
 */
final class OutputCollisions {
    /**
     * Something a dest must not overlap.
     *
     * @param holdsDests a directory whose contents may be written, as long as it is not replaced whole: the
     *                   context, which usually holds the output directory
     */
    private record Guarded(Path path, String what, boolean holdsDests) {
    }

    /** One file or directory the build writes. */
    private record Written(Path path, String what) {
    }

    private OutputCollisions() {
    }

    /** @param metadataFile null for none */
    static void check(List<OutputSpec> outputs, Path metadataFile, Path buildFilePath, BuildFile buildFile,
                      Path context, Path store) throws IOException {
        List<Written> written = new ArrayList<>();
        for (OutputSpec output : outputs) {
            written.add(new Written(output.dest(), "--output " + output.text()));
        }
        if (metadataFile != null) {
            written.add(new Written(metadataFile, "--metadata-file " + metadataFile));
        }
        List<Guarded> guarded = guarded(buildFilePath, buildFile, context, store);
        for (int i = 0; i < written.size(); i++) {
            Written dest = written.get(i);
            Path real = real(dest.path());
            for (Guarded input : guarded) {
                String relation = relation(dest.path(), real, input.path(), real(input.path()), input.holdsDests());
                if (relation != null) {
                    throw new InputException(dest.what() + " would " + relation + " " + input.what()
                            + ", which the build reads; choose another dest");
                }
            }
            for (Written other : written.subList(i + 1, written.size())) {
                if (relation(dest.path(), real, other.path(), real(other.path()), false) != null) {
                    throw new InputException(dest.what() + " and " + other.what()
                            + " would write over each other; give each its own dest");
                }
            }
        }
    }

    private static List<Guarded> guarded(Path buildFilePath, BuildFile buildFile, Path context, Path store) {
        Path filesRoot = buildFilePath.toAbsolutePath().getParent();
        List<Guarded> guarded = new ArrayList<>();
        guarded.add(new Guarded(buildFilePath, "the build file " + buildFilePath, false));
        guarded.add(new Guarded(context, "the build context " + context, true));
        guarded.add(new Guarded(store, "lading's store " + store, false));
        for (LayerSpec layer : buildFile.layers()) {
            for (FileSpec file : layer.files()) {
                if (!file.isArtifact()) {
                    guarded.add(new Guarded(filesRoot.resolve(file.src()),
                            "src '" + file.src() + "' (" + buildFilePath + ":" + file.line() + ")", false));
                }
            }
        }
        if (buildFile.build() != null) {
            for (Executable executable : buildFile.build().executables()) {
                for (String source : executable.sources()) {
                    guarded.add(new Guarded(filesRoot.resolve(source), "source '" + source + "' of executable '"
                            + executable.name() + "'", false));
                }
            }
            if (buildFile.build().cmake() != null) {
                String lists = buildFile.build().cmake().source() + "/CMakeLists.txt";
                guarded.add(new Guarded(filesRoot.resolve(lists), "'" + lists + "'", false));
            }
        }
        return guarded;
    }

    /** How writing {@code dest} would harm {@code other}, or null when it would not. */
    private static String relation(Path dest, Path realDest, Path other, Path realOther, boolean otherHoldsDests)
            throws IOException {
        if (realDest.equals(realOther) || Files.exists(dest) && Files.exists(other) && Files.isSameFile(dest, other)) {
            return "overwrite";
        }
        if (realOther.startsWith(realDest)) {
            return "replace the directory holding";
        }
        return !otherHoldsDests && realDest.startsWith(realOther) ? "write into" : null;
    }

    /** The real path of {@code path}, which need not exist: its nearest existing ancestor resolved, the rest added. */
    private static Path real(Path path) throws IOException {
        Path absolute = path.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing.getParent() != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing.toRealPath().resolve(existing.relativize(absolute));
    }
}
