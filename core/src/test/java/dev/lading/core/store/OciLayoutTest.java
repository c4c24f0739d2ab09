package dev.lading.core.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.InputException;
import dev.lading.core.model.Annotations;
import dev.lading.core.model.Blob;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Digest;
import dev.lading.core.model.MediaTypes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciLayoutTest {
    @TempDir
    Path dir;

    @Test
    void createsAValidEmptyLayout() throws IOException {
        OciLayout layout = OciLayout.openOrCreate(dir.resolve("store"));
        assertTrue(Files.isDirectory(layout.root().resolve("blobs/sha256")));
        assertEquals("{\"imageLayoutVersion\":\"1.0.0\"}", Files.readString(layout.root().resolve("oci-layout")));
        assertEquals(List.of(), layout.index().manifests());
    }

    @Test
    void refusesADirectoryThatIsNotALayout() throws IOException {
        Path other = Files.createDirectories(dir.resolve("other"));
        Files.writeString(other.resolve("precious.txt"), "keep me");
        InputException e = assertThrows(InputException.class, () -> OciLayout.openOrCreate(other));
        assertEquals(2, e.exitCode());
        assertEquals("keep me", Files.readString(other.resolve("precious.txt")));
    }

    @Test
    void concurrentWritersOfOneBlobLeaveOneFileAndNoTemporaries() throws Exception {
        OciLayout layout = OciLayout.openOrCreate(dir.resolve("store"));
        byte[] bytes = "the same content from eight writers".getBytes(StandardCharsets.UTF_8);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Descriptor>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> layout.put(Blob.of("application/octet-stream", bytes))));
            }
            for (Future<Descriptor> result : results) {
                assertEquals(Digest.sha256(bytes), result.get().digest());
            }
        } finally {
            pool.shutdown();
        }
        try (Stream<Path> files = Files.list(layout.root().resolve("blobs/sha256"))) {
            assertEquals(List.of(Digest.sha256(bytes).hex()), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void aWrongExpectedDigestStoresNothing() throws IOException {
        OciLayout layout = OciLayout.openOrCreate(dir.resolve("store"));
        Digest wrong = Digest.sha256(new byte[] {9});
        try (BlobWriter writer = layout.newBlobWriter()) {
            writer.write(new byte[] {1, 2, 3});
            DigestMismatchException e = assertThrows(DigestMismatchException.class, () -> writer.commit(wrong));
            assertEquals(wrong, e.expected());
            assertEquals(Digest.sha256(new byte[] {1, 2, 3}), e.actual());
        }
        try (Stream<Path> files = Files.list(layout.root().resolve("blobs/sha256"))) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void anUncommittedWriterLeavesNothing() throws IOException {
        OciLayout layout = OciLayout.openOrCreate(dir.resolve("store"));
        try (BlobWriter writer = layout.newBlobWriter()) {
            writer.write(new byte[1000]);
        }
        try (Stream<Path> files = Files.list(layout.root().resolve("blobs/sha256"))) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void readsVerifyDigestAndSize() throws IOException {
        OciLayout layout = OciLayout.openOrCreate(dir.resolve("store"));
        Descriptor descriptor = layout.put(Blob.of(MediaTypes.OCI_CONFIG, "{}".getBytes(StandardCharsets.UTF_8)));
        assertArrayEquals("{}".getBytes(StandardCharsets.UTF_8), layout.read(descriptor));
        Files.writeString(layout.blobPath(descriptor.digest()), "[]");
        assertThrows(DigestMismatchException.class, () -> layout.read(descriptor));
        Files.writeString(layout.blobPath(descriptor.digest()), "{ }");
        IOException e = assertThrows(IOException.class, () -> layout.read(descriptor));
        assertTrue(e.getMessage().contains("3 bytes"), e.getMessage());
    }

    @Test
    void concurrentIndexUpdatesAreNotLost() throws Exception {
        OciLayout layout = OciLayout.openOrCreate(dir.resolve("store"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Object>> updates = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String name = "image-" + i;
                Descriptor entry = new Descriptor(MediaTypes.OCI_INDEX, Digest.sha256(name.getBytes(StandardCharsets.UTF_8)), 1)
                        .withAnnotations(Map.of(Annotations.REF_NAME, name));
                updates.add(() -> layout.updateIndex(index -> {
                    List<Descriptor> entries = new ArrayList<>(index.manifests());
                    entries.add(entry);
                    return index.withManifests(entries);
                }));
            }
            for (Future<Object> future : pool.invokeAll(updates)) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(20, layout.index().manifests().size());
        try (Stream<Path> files = Files.list(layout.root())) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().startsWith(".tmp-")));
        }
    }
}
