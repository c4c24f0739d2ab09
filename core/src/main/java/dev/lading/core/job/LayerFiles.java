package dev.lading.core.job;

import dev.lading.core.InputException;
import dev.lading.core.buildfile.FileSpec;
import dev.lading.core.buildfile.LayerSpec;
import dev.lading.core.buildfile.Owner;
import dev.lading.core.io.Content;
import dev.lading.core.io.FileTrees;
import dev.lading.core.layer.LayerEntry;
import dev.lading.core.layer.LayerTree;
import dev.lading.core.model.Platform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Maps the file entries of one build-file layer to a {@link LayerTree}: resolves {@code src} in the context and
 * {@code artifact} in the platform's output directory, walks directories, keeps symlinks as symlinks, and
 * applies modes and owners. Every refusal names the build file, the field and the line.
 */
final class LayerFiles {
    private static final int EXECUTABLE_MODE = 0755;
    private static final int REGULAR_MODE = 0644;

    private final Path context;
    private final ArtifactSource artifacts;

    LayerFiles(Path context, ArtifactSource artifacts) {
        this.context = context.toAbsolutePath().normalize();
        this.artifacts = artifacts;
    }

    static boolean usesArtifacts(LayerSpec layer) {
        return layer.files().stream().anyMatch(FileSpec::isArtifact);
    }

    /**
     * A layer's tree and where its regular files came from, for the attestations.
     *
     * @param files in the order they were added
     */
    record Mapped(LayerTree tree, List<AddedFile> files) {
        Mapped {
            files = List.copyOf(files);
        }
    }

    /**
     * A regular file of a layer. Kept per file until the attestations are made, so a copied file keeps no path
     * object of its own (one costs more than the two strings): it is found again from the context.
     *
     * @param imagePath where it is in the image, e.g. {@code /app/hello}
     * @param source    its path relative to the context for a {@code src:} file; null for an {@code artifact:}
     * @param artifact  the build output read for an {@code artifact:}; null for a {@code src:} file
     */
    record AddedFile(String imagePath, String source, Path artifact) {
        AddedFile {
            if ((source == null) == (artifact == null)) {
                throw new IllegalArgumentException("a file is copied from the context or is a build output: " + imagePath);
            }
        }

        /** @param context the directory {@code source} is relative to */
        Path file(Path context) {
            return artifact != null ? artifact : context.resolve(source);
        }
    }

    LayerTree tree(LayerSpec layer, Platform platform) {
        return map(layer, platform).tree();
    }

    Mapped map(LayerSpec layer, Platform platform) {
        LayerTree.Builder tree = LayerTree.builder();
        List<AddedFile> added = new ArrayList<>();
        for (FileSpec spec : layer.files()) {
            try {
                add(tree, added, spec, platform);
            } catch (IOException e) {
                throw spec.origin().error("cannot read " + describe(spec) + ": " + e.getMessage());
            } catch (InputException e) {
                throw e.file().isPresent() ? e : spec.origin().error(e.getMessage());
            }
        }
        try {
            return new Mapped(tree.build(), added);
        } catch (InputException e) {
            throw layer.origin().error(e.getMessage());
        }
    }

    private void add(LayerTree.Builder tree, List<AddedFile> added, FileSpec spec, Platform platform)
            throws IOException {
        Path root = spec.isArtifact() ? artifacts.outputDirectory(platform, spec).toAbsolutePath().normalize() : context;
        String relative = spec.isArtifact() ? spec.artifact() : spec.src();
        Path source;
        try {
            source = root.resolve(relative).normalize();
        } catch (InvalidPathException e) {
            throw spec.origin().error(describe(spec) + " cannot be named as a file here: " + e.getMessage()
                    + localeHint());
        }
        if (!source.startsWith(root)) {
            throw spec.origin().error(describe(spec) + " is outside " + where(spec));
        }
        if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
            throw spec.origin().error(describe(spec) + " does not exist" + (spec.isArtifact()
                    ? " in the " + platform + " build output " + root : " (looked for " + source + ")"));
        }
        refuseLinkedComponents(spec, root, source);
        String dest = spec.dest().substring(1);
        // one string for all the entries of a directory: a tree may have a million
        String origin = spec.origin().field() + " (line " + spec.line() + ")";
        if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> walk = Files.walk(source)) {
                walk.forEach(path -> {
                    if (!path.equals(source)) {
                        requireFaithfulName(spec, path);
                    }
                    String below = source.relativize(path).toString();
                    String inImage = below.isEmpty() ? dest : dest.isEmpty() ? below : dest + "/" + below;
                    if (inImage.isEmpty()) {
                        return; // the image root itself is not an entry
                    }
                    try {
                        add(tree, added, spec, origin, root, path, inImage);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        } else {
            add(tree, added, spec, origin, root, source, dest);
        }
    }

    private void add(LayerTree.Builder tree, List<AddedFile> added, FileSpec spec, String origin, Path root,
                     Path path, String inImage) throws IOException {
        LayerEntry entry = entry(spec, origin, root, path, inImage);
        tree.add(entry);
        if (entry.type() == LayerEntry.Type.FILE) {
            added.add(spec.isArtifact() ? new AddedFile("/" + inImage, null, path)
                    : new AddedFile("/" + inImage, context.relativize(path).toString(), null));
        }
    }

    private LayerEntry entry(FileSpec spec, String origin, Path root, Path path, String inImage) throws IOException {
        if (inImage.isEmpty()) {
            throw spec.origin().error("dest / takes a directory's contents, not a single file");
        }
        Owner owner = spec.owner() == null ? new Owner(0, 0) : spec.owner();
        PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attributes.isSymbolicLink()) {
            String target = Files.readSymbolicLink(path).toString();
            if (!spec.allowOutsideSymlinks() && pointsOutside(root, path, target)) {
                throw spec.origin().error("symlink " + path + " points outside " + root + " (to " + target
                        + "); set allowOutsideSymlinks: true on this entry to keep it as a symlink");
            }
            return LayerEntry.symlink(inImage, target, owner.uid(), owner.gid(), origin);
        }
        if (attributes.isDirectory()) {
            return LayerEntry.directory(inImage, EXECUTABLE_MODE, owner.uid(), owner.gid(), origin);
        }
        if (!attributes.isRegularFile()) {
            throw spec.origin().error(path + " is neither a file, a directory nor a symlink");
        }
        int mode = spec.mode() != null ? spec.mode() : isExecutable(attributes) ? EXECUTABLE_MODE : REGULAR_MODE;
        return LayerEntry.file(inImage, Content.ofFile(path, attributes.size()), mode, owner.uid(), owner.gid(), origin);
    }

    /**
     * The lexical check above cannot see a symlinked directory in the middle of the path ({@code top/shadow} with
     * {@code top -> /etc}): the operating system follows every component but the last, so the real path of the
     * parent decides where the file is read from. The last component is not followed anywhere (a symlink there
     * is kept as a symlink), and a directory walk does not follow links either.
     */
    private void refuseLinkedComponents(FileSpec spec, Path root, Path source) throws IOException {
        if (source.equals(root)) {
            return;
        }
        Path realRoot = root.toRealPath();
        if (source.getParent().toRealPath().startsWith(realRoot)) {
            return;
        }
        Path prefix = root;
        for (Path name : root.relativize(source.getParent())) {
            prefix = prefix.resolve(name);
            if (Files.isSymbolicLink(prefix) && !prefix.toRealPath().startsWith(realRoot)) {
                throw spec.origin().error(describe(spec) + " leads outside " + where(spec) + " through the symlink "
                        + root.relativize(prefix) + " -> " + Files.readSymbolicLink(prefix)
                        + "; only the last component of a path may be a symlink that points outside");
            }
        }
        throw spec.origin().error(describe(spec) + " resolves to " + source.getParent().toRealPath()
                + ", outside " + where(spec));
    }

    /**
     * A name read from a directory becomes the image path, so it must be the exact bytes on disk. The JDK
     * decodes names with the locale's charset and puts U+FFFD where that fails; such a string no longer names
     * the file, and two such names could collide. A name really containing U+FFFD still names its file.
     */
    private static void requireFaithfulName(FileSpec spec, Path path) {
        String name = path.getFileName().toString();
        if (name.indexOf('\uFFFD') < 0) {
            return;
        }
        try {
            if (Files.isSameFile(path, path.resolveSibling(name))) {
                return;
            }
        } catch (IOException | InvalidPathException e) {
            // the decoded name names no file: refused below
        }
        throw spec.origin().error("the name of " + path + " is not valid UTF-8" + localeHint()
                + "; image paths are UTF-8, rename the file");
    }

    private static String localeHint() {
        return StandardCharsets.UTF_8.equals(FileTrees.fileNameCharset()) ? ""
                : " (or this JVM decodes file names as " + System.getProperty("sun.jnu.encoding")
                + ": run lading in a UTF-8 locale, LC_ALL=C.UTF-8)";
    }

    private String where(FileSpec spec) {
        return spec.isArtifact() ? "the build output directory" : "the build context " + context;
    }

    private static boolean pointsOutside(Path root, Path link, String target) {
        Path targetPath = Path.of(target);
        return targetPath.isAbsolute() || !link.getParent().resolve(targetPath).normalize().startsWith(root);
    }

    private static boolean isExecutable(PosixFileAttributes attributes) {
        return attributes.permissions().stream().anyMatch(List.of(PosixFilePermission.OWNER_EXECUTE,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE)::contains);
    }

    private static String describe(FileSpec spec) {
        return spec.isArtifact() ? "artifact '" + spec.artifact() + "'" : "src '" + spec.src() + "'";
    }
}
