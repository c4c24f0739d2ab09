package dev.lading.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store on a full disk, for real: a 1 MiB tmpfs, which needs root (CI has it). Writes of 8 KiB, as a download
 * streams them, stay in the writer's buffer, so the disk fills up while the buffer is flushed on close.
 */
class FullDiskTest {
    @TempDir
    Path dir;
    Path small;

    @BeforeEach
    void mount() throws Exception {
        small = Files.createDirectories(dir.resolve("small"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", small.toString())
                .redirectErrorStream(true).start();
        String output = new String(mount.getInputStream().readAllBytes());
        // CI runs as root: a mount that fails is a broken test machine, not a reason to skip
        Assertions.assertEquals(0, mount.waitFor(), "cannot mount a tmpfs here: " + output);
    }

    @AfterEach
    void unmount() throws Exception {
        new ProcessBuilder("umount", small.toString()).start().waitFor();
    }

    @Test
    void aWriterThatFailsOnTheFullDiskLeavesNoTemporaryFile() throws IOException {
        OciLayout store = OciLayout.openStore(small.resolve("store"));
        IOException full = assertThrows(IOException.class, () -> {
            try (BlobWriter writer = store.newBlobWriter()) {
                for (int i = 0; i < 1000; i++) {
                    writer.write(new byte[8192]);
                }
                writer.commit(null);
            }
        });
        assertTrue(String.valueOf(full.getMessage()).contains("No space left"), String.valueOf(full));
        try (Stream<Path> files = Files.walk(small)) {
            assertEquals(List.of(), files.filter(p -> p.getFileName().toString().startsWith(".tmp-")).toList());
        }
    }
}
