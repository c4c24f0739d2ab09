package dev.lading.core.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.FileVisitResult;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Files and directories written under a temporary name and renamed into place once complete. Their names are
 * {@code NAME.tmp-PID-RANDOM}: the writing process's id lets a later run tell what a killed run left behind from
 * what a live run is still writing, so that {@link #sweep} can remove the one and never the other.
 */
public final class TempFiles {
    /**
     * How long a leftover must have been untouched before a sweep removes it, unless its writer is known alive.
     * A process id that is not running here may still be a live writer in another pid namespace sharing the
     * directory (two containers, one cache volume); such a writer keeps touching its file, so an hour without a
     * write means it is gone or stuck. A name without a pid gets the same wait: nothing tells whether its writer lives.
     */
    public static final Duration STALE_AFTER = Duration.ofHours(1);

    private static final String MARK = ".tmp-";
    private static final String OWN = MARK + ProcessHandle.current().pid() + "-";

    private TempFiles() {
    }

    /**
     * A new empty file in {@code directory}, named {@code name} (may be empty) + {@code .tmp-PID-RANDOM}. Its mode
     * is what the umask leaves of 0666, as for any file a program writes: the JDK's own temporary files are 0600,
     * and an output renamed from one would be unreadable to the user's group and to other tools' users.
     */
    public static Path createFile(Path directory, String name) throws IOException {
        return create(directory, name, Files::createFile);
    }

    /** A new empty directory in {@code directory}, named as {@link #createFile} names files; 0777 less the umask. */
    public static Path createDirectory(Path directory, String name) throws IOException {
        return create(directory, name, Files::createDirectory);
    }

    private interface Creator {
        Path create(Path path, FileAttribute<?>... attributes) throws IOException;
    }

    private static Path create(Path directory, String name, Creator creator) throws IOException {
        while (true) {
            Path path = directory.resolve(name + OWN + Long.toUnsignedString(ThreadLocalRandom.current().nextLong()));
            try {
                return creator.create(path); // exclusive: never follows or reuses what is there
            } catch (FileAlreadyExistsException e) {
                // another writer drew the same name: draw again
            }
        }
    }

    /** Replaces {@code file} with {@code bytes} in one rename, so that readers see the old or the new content. */
    public static void writeAtomically(Path file, byte[] bytes) throws IOException {
        writeAtomically(file, out -> out.write(bytes));
    }

    /** What writes a file's content into a stream it does not close. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    /** As {@link #writeAtomically(Path, byte[])}, with content streamed rather than held whole. */
    public static void writeAtomically(Path file, Writer content) throws IOException {
        Path temp = createFile(file.getParent(), "");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16)) {
                content.writeTo(new UnclosableOutputStream(out));
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Removes the stale temporaries named {@code name.tmp-*} directly in {@code directory}: those whose writer is
     * not a running process and that nobody touched for {@link #STALE_AFTER}. Never fails: a sweep is tidying,
     * and a leftover that another sweeper removed first, or that cannot be removed, is simply left to the next.
     *
     * @return how many were removed
     */
    public static int sweep(Path directory, String name) {
        String prefix = name + MARK;
        List<Path> candidates = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, prefix + "*")) {
            entries.forEach(candidates::add);
        } catch (IOException e) {
            return 0;
        }
        Instant cutoff = Instant.now().minus(STALE_AFTER);
        int removed = 0;
        for (Path candidate : candidates) {
            try {
                if (!writerAlive(candidate.getFileName().toString().substring(prefix.length()))
                        && lastTouched(candidate).isBefore(cutoff)) {
                    FileTrees.deleteRecursively(candidate);
                    removed++;
                }
            } catch (IOException e) {
                // gone already, or not ours to remove: the next sweep tries again
            }
        }
        return removed;
    }

    /** {@code rest} is what follows {@code .tmp-}: {@code PID-RANDOM}, or only digits for names without a pid. */
    private static boolean writerAlive(String rest) {
        int dash = rest.indexOf('-');
        if (dash <= 0) {
            return false;
        }
        try {
            long pid = Long.parseLong(rest.substring(0, dash));
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The newest modification time in a file or directory tree: a directory's own time misses writes below it. */
    private static Instant lastTouched(Path path) throws IOException {
        FileTime[] newest = {FileTime.fromMillis(0)};
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                return visitFile(dir, attributes);
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (attributes.lastModifiedTime().compareTo(newest[0]) > 0) {
                    newest[0] = attributes.lastModifiedTime();
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return newest[0].toInstant();
    }
}
