package dev.lading.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sweep removes what killed runs left and nothing a live run may still be writing. */
class TempFilesTest {
    /** Above Linux's largest pid (4194304), so never a running process. */
    private static final long GONE = 99_999_999L;

    @TempDir
    Path dir;

    private Path leftover(String name, Instant touched) throws IOException {
        Path file = Files.writeString(dir.resolve(name), "partial");
        Files.setLastModifiedTime(file, FileTime.from(touched));
        return file;
    }

    @Test
    void removesOldLeftoversOfDeadWritersAndKeepsTheRest() throws IOException {
        Instant old = Instant.now().minus(TempFiles.STALE_AFTER).minusSeconds(60);
        Path dead = leftover(".tmp-" + GONE + "-123", old);
        Path withoutPid = leftover(".tmp-8812345", old);
        Path fresh = leftover(".tmp-" + GONE + "-456", Instant.now().minusSeconds(60));
        Path live = leftover(".tmp-" + ProcessHandle.current().pid() + "-789", old);
        Path blob = leftover("0123abcd", old);
        Path otherName = leftover(".out.tmp-" + GONE + "-1", old);

        assertEquals(2, TempFiles.sweep(dir, ""));
        assertFalse(Files.exists(dead));
        assertFalse(Files.exists(withoutPid), "names of earlier versions carry no pid; age alone decides");
        assertTrue(Files.exists(fresh), "a writer in another pid namespace may still be writing it");
        assertTrue(Files.exists(live), "its writer is running");
        assertTrue(Files.exists(blob));
        assertTrue(Files.exists(otherName), "another dest's temporaries are swept with that name");
        assertEquals(1, TempFiles.sweep(dir, ".out"));
    }

    @Test
    void aDirectoryCountsAsTouchedWhenAnythingInsideWas() throws IOException {
        Instant old = Instant.now().minus(TempFiles.STALE_AFTER).minusSeconds(60);
        Path layout = Files.createDirectories(dir.resolve(".hk.tmp-" + GONE + "-1/blobs/sha256"));
        Files.writeString(layout.resolve("abc"), "being written");
        for (Path path : new Path[] {layout, layout.getParent(), layout.getParent().getParent()}) {
            Files.setLastModifiedTime(path, FileTime.from(old));
        }
        assertEquals(0, TempFiles.sweep(dir, ".hk"));
        Files.setLastModifiedTime(layout.resolve("abc"), FileTime.from(old));
        assertEquals(1, TempFiles.sweep(dir, ".hk"));
        assertFalse(Files.exists(dir.resolve(".hk.tmp-" + GONE + "-1")));
    }
}
