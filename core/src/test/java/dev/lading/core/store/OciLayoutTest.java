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

    private static Descriptor putRandom(OciLayout layout, int size) throws IOException {
        byte[] bytes = new byte[size];
        new java.util.Random(size).nextBytes(bytes);
        return layout.put(Blob.of(MediaTypes.OCI_LAYER_GZIP, bytes));
    }

    /** Rewrites one byte in place, keeping the size and the modification time. */
    private static void damageInPlace(Path blob) throws IOException {
        java.nio.file.attribute.FileTime modified = Files.getLastModifiedTime(blob);
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(blob.toFile(), "rw")) {
            int first = file.read();
            file.seek(0);
            file.write(first ^ 0xff);
        }
        Files.setLastModifiedTime(blob, modified);
    }

    @Test
    void aStoreBlobEditedInPlaceIsNoticedRemovedAndNeverHandedOn() throws IOException {
        OciLayout store = OciLayout.openStore(dir.resolve("store"));
        Descriptor blob = putRandom(store, 100_000);
        assertTrue(store.hasIntact(blob));
        damageInPlace(store.blobPath(blob.digest()));
        assertFalse(store.hasIntact(blob), "same size and mtime, but the content changed");
        assertFalse(store.has(blob.digest()), "a damaged blob leaves the store");
        IOException e = assertThrows(IOException.class, () -> store.intactBlob(blob));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
        OciLayout out = OciLayout.openOrCreate(dir.resolve("out"));
        assertThrows(IOException.class, () -> store.copyBlobTo(out, blob));
        assertFalse(out.has(blob.digest()));
        assertEquals(blob, putRandom(store, 100_000));
        assertTrue(store.hasIntact(blob), "stored again, it is whole");
    }

    @Test
    void copiesShareNoFileWithTheStore() throws IOException {
        OciLayout store = OciLayout.openStore(dir.resolve("store"));
        Descriptor blob = putRandom(store, 50_000);
        OciLayout out = OciLayout.openOrCreate(dir.resolve("out"));
        store.copyBlobTo(out, blob);
        assertFalse(Files.isSameFile(store.blobPath(blob.digest()), out.blobPath(blob.digest())));
        damageInPlace(out.blobPath(blob.digest()));
        assertTrue(store.hasIntact(blob), "editing the output left the store alone");
        store.copyBlobTo(out, blob);
        assertTrue(out.hasIntact(blob), "a damaged blob already in the output is replaced");
    }

    @Test
    void aCommitReplacesADamagedBlobOfTheSameName() throws IOException {
        OciLayout store = OciLayout.openStore(dir.resolve("store"));
        byte[] bytes = "a layer's bytes".getBytes(StandardCharsets.UTF_8);
        Descriptor blob = store.put(Blob.of(MediaTypes.OCI_LAYER_GZIP, bytes));
        damageInPlace(store.blobPath(blob.digest()));
        try (BlobWriter writer = store.newBlobWriter()) {
            writer.write(bytes);
            writer.commit(blob.digest());
        }
        assertArrayEquals(bytes, Files.readAllBytes(store.blobPath(blob.digest())));
    }
}
