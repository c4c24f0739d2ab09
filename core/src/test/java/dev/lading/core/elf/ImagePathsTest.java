package dev.lading.core.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.lading.core.elf.ImagePaths.Outcome;
import dev.lading.core.io.Content;
import dev.lading.core.layer.ImageFile;
import dev.lading.core.layer.LayerEntry;
import dev.lading.core.testing.Generated;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagePathsTest {
    private static final ImageFile DIRECTORY = new ImageFile(LayerEntry.Type.DIRECTORY, null, null, "t", false);
    private static final ImageFile FILE = new ImageFile(LayerEntry.Type.FILE, Content.ofBytes(new byte[0]), null,
            "t", false);

    private static ImageFile link(String target) {
        return new ImageFile(LayerEntry.Type.SYMLINK, null, target, "t", false);
    }

    /** Debian's merged /usr with the loader reached through three links, two of them directories. */
    private static Map<String, ImageFile> debian() {
        Map<String, ImageFile> files = new HashMap<>();
        files.put("/usr", DIRECTORY);
        files.put("/usr/lib", DIRECTORY);
        files.put("/usr/lib/x86_64-linux-gnu", DIRECTORY);
        files.put("/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2", FILE);
        files.put("/usr/lib64", DIRECTORY);
        files.put("/usr/lib64/ld-linux-x86-64.so.2", link("../lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"));
        files.put("/lib", link("usr/lib"));
        files.put("/lib64", link("/usr/lib64"));
        return files;
    }

    private static Outcome outcome(Map<String, ImageFile> files, String path) {
        return new ImagePaths(files).file(path).outcome();
    }

    @Test
    void symlinksAreFollowedWhereverTheyStandAbsoluteOnesFromTheImageRoot() {
        Map<String, ImageFile> files = debian();
        for (String path : new String[] {"/lib64/ld-linux-x86-64.so.2", "/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2",
                "/usr/lib/../lib64/./ld-linux-x86-64.so.2", "/../../lib64//ld-linux-x86-64.so.2",
                "/lib/../lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"}) {
            assertSame(FILE, new ImagePaths(files).file(path).file(), path);
        }
        // ".." after a symlinked directory leaves the directory the link leads to, as the kernel does
        assertEquals(Outcome.FOUND, outcome(files, "/lib64/../lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"));
    }

    @Test
    void directoriesNothingAndAFileUsedAsADirectoryAreMissing() {
        Map<String, ImageFile> files = debian();
        assertEquals(Outcome.MISSING, outcome(files, "/usr/lib/x86_64-linux-gnu"));
        assertEquals(Outcome.MISSING, outcome(files, "/usr/lib/x86_64-linux-gnu/libc.so.6"));
        assertEquals(Outcome.MISSING, outcome(files, "/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2/x"));
        assertEquals(Outcome.MISSING, outcome(files, "/"));
        files.put("/dangling", link("/nowhere"));
        files.put("/empty", link(""));
        assertEquals(Outcome.MISSING, outcome(files, "/dangling"));
        assertEquals(Outcome.MISSING, outcome(files, "/empty"));
    }

    @Test
    void fortyLinksAreFollowedAndTheFortyFirstIsALoop() {
        Map<String, ImageFile> files = new HashMap<>();
        files.put("/target", FILE);
        files.put("/l0", link("target"));
        for (int i = 1; i <= ImagePaths.MAX_LINKS; i++) {
            files.put("/l" + i, link("l" + (i - 1)));
        }
        assertEquals(Outcome.FOUND, outcome(files, "/l" + (ImagePaths.MAX_LINKS - 1)));
        assertEquals(Outcome.LOOP, outcome(files, "/l" + ImagePaths.MAX_LINKS));
    }

    /** Random symlink graphs, looked up here and by the kernel in a real directory built the same way. */
    @Test
    void lookUpsAgreeWithTheKernel(@TempDir Path dir) {
        int[] tries = {0};
        Generated.forAll(1000, random -> {
            Path root = Files.createDirectory(dir.resolve("t" + tries[0]++));
            Map<String, ImageFile> files = new HashMap<>();
            String[] names = {"a", "b", "c", "d"};
            for (String name : names) {
                int kind = random.nextInt(5);
                if (kind == 0) {
                    files.put("/" + name, FILE);
                    Files.createFile(root.resolve(name));
                } else if (kind == 1) {
                    files.put("/" + name, DIRECTORY);
                    Files.createDirectory(root.resolve(name));
                } else {
                    // absolute targets start from the image root; every link sits in the root, so the kernel
                    // reads the same target relative to it
                    boolean absolute = random.nextBoolean();
                    String target = Generated.oneOf(random, names)
                            + (random.nextBoolean() ? "/" + Generated.oneOf(random, names) : "");
                    files.put("/" + name, link((absolute ? "/" : "") + target));
                    Files.createSymbolicLink(root.resolve(name), Path.of(target));
                }
            }
            String path = Generated.oneOf(random, names) + (random.nextBoolean() ? "/" + Generated.oneOf(random,
                    names) : "");
            assertEquals(kernel(root.resolve(path)), outcome(files, "/" + path), path + " in " + files);
        });
    }

    private static Outcome kernel(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class).isRegularFile() ? Outcome.FOUND
                    : Outcome.MISSING;
        } catch (FileSystemException e) {
            return e.getReason() != null && e.getReason().startsWith("Too many levels of symbolic links") ? Outcome.LOOP : Outcome.MISSING;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
