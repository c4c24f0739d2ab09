package dev.lading.core.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.model.Annotations;
import dev.lading.core.model.Blob;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Manifest;
import dev.lading.core.model.MediaTypes;
import dev.lading.core.store.OciLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Export to and import from an OCI layout ({@code type=local}): merge, bound, checks, and one warning per problem. */
class CacheTransferTest {
    @TempDir
    Path dir;

    private final RecordingCacheListener listener = new RecordingCacheListener();
    /** The local cache of the build that exports. */
    private LocalCache source;
    /** The {@code type=local} directory. */
    private Path layout;

    @BeforeEach
    void openSource() throws IOException {
        source = local("source");
        layout = dir.resolve("layout");
    }

    /** Entries made in a local cache of their own, used at the given times, 100 bytes each. */
    private CacheIndex made(LocalCache cache, String prefix, long... times) throws IOException {
        CacheSession session = cache.session(true);
        List<CacheEntry> entries = new ArrayList<>();
        for (int i = 0; i < times.length; i++) {
            String key = prefix + i;
            CacheEntry entry = LocalCacheTest.put(session, key, key + ":" + "x".repeat(99 - key.length()));
            entries.add(new CacheEntry(entry.kind(), entry.key(), entry.platform(), entry.blob(), times[i]));
        }
        CacheIndex index = new CacheIndex(entries);
        cache.update(current -> current.merge(index));
        return index;
    }

    /** Exports from {@link #source} into {@link #layout}, which must succeed. */
    private Descriptor export(CacheIndex entries, long maxSize) {
        return new CacheTransfer(source, listener).exportTo(new LayoutCacheLocation(layout), entries, maxSize)
                .orElseThrow(() -> new AssertionError(listener.warnings));
    }

    private LocalCache local(String name) throws IOException {
        return LocalCache.open(dir.resolve(name));
    }

    private static Set<String> keys(CacheIndex index) {
        return index.entries().stream().map(CacheEntry::key).collect(Collectors.toSet());
    }

    private static Set<String> blobNames(Path layout) throws IOException {
        try (Stream<Path> files = Files.list(layout.resolve("blobs").resolve("sha256"))) {
            return files.map(file -> file.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    /** What the layout's artifact holds, read into a fresh local cache: the entries that came, and no warning. */
    private CacheIndex readBack(Path layout) throws IOException {
        RecordingCacheListener reader = new RecordingCacheListener();
        CacheIndex index = new CacheTransfer(local("reader-" + System.nanoTime()), reader)
                .importFrom(new LayoutCacheLocation(layout), entry -> true);
        assertEquals(List.of(), reader.warnings);
        return index;
    }

    private void assertOneLineWarnings(int count) {
        assertEquals(count, listener.warnings.size(), listener.warnings.toString());
        listener.warnings.forEach(warning -> assertFalse(warning.contains("\n"), warning));
    }

    @Test
    void anExportIsImportedIntoAnotherLocalCache() throws IOException {
        CacheIndex entries = made(source, "k", 10, 20);

        Descriptor manifest = new CacheTransfer(source, listener).exportTo(new LayoutCacheLocation(layout), entries,
                CacheSpec.DEFAULT_MAX_SIZE).orElseThrow();
        assertEquals(List.of(new RecordingCacheListener.Exported(layout.toString(), manifest, 2, 4, true)),
                listener.exports, "two entries, the index and the empty config");

        LocalCache target = local("target");
        CacheIndex imported = new CacheTransfer(target, listener).importFrom(new LayoutCacheLocation(layout),
                entry -> true);
        assertEquals(entries, imported);
        assertEquals(List.of(new RecordingCacheListener.Imported(layout.toString(), 2, 2, 200)), listener.imports);
        for (CacheEntry entry : imported.entries()) {
            assertArrayEquals(Files.readAllBytes(LocalCacheTest.blobFile(source, entry)),
                    Files.readAllBytes(target.intactBlob(entry.blob())));
        }
        assertOneLineWarnings(0);

        CacheIndex again = new CacheTransfer(target, listener).importFrom(new LayoutCacheLocation(layout),
                entry -> entry.key().equals("k1"));
        assertEquals(Set.of("k1"), keys(again), "only what the build wants");
        assertEquals(new RecordingCacheListener.Imported(layout.toString(), 1, 0, 0), listener.imports.get(1),
                "blobs already here are not fetched again");
    }

    /**
     * The build runs while an import's blobs arrive: the blob it needs now is fetched at once, in its own thread,
     * even while every import thread waits on blobs it does not need; the rest arrive in the background.
     */
    @Test
    void aBlobTheBuildNeedsIsNotQueuedBehindTheOthers() throws Exception {
        // more blobs than the import has threads, the one needed last
        long[] times = new long[40];
        CacheIndex entries = made(source, "k", times);
        export(entries, CacheSpec.DEFAULT_MAX_SIZE);
        CacheEntry needed = entries.entries().stream().filter(entry -> entry.key().equals("k39")).findFirst()
                .orElseThrow();
        java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);
        LayoutCacheLocation there = new LayoutCacheLocation(layout);
        CacheLocation slow = new CacheLocation() {
            @Override
            public Optional<Stored> manifest() throws IOException {
                return there.manifest();
            }

            @Override
            public java.io.InputStream open(Descriptor blob) throws IOException {
                if (blob.digest().equals(needed.blob().digest()) || blob.mediaType().equals(CacheArtifact.INDEX_TYPE)) {
                    return there.open(blob);
                }
                try {
                    released.await();
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
                return there.open(blob);
            }

            @Override
            public boolean has(Descriptor blob) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void put(Descriptor blob, BlobSource content) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void putManifest(Descriptor descriptor, byte[] manifest) {
                throw new UnsupportedOperationException();
            }

            @Override
            public String describe() {
                return "slow";
            }
        };
        LocalCache target = local("target");
        CacheSession session = target.session(false);
        CacheImport running = new CacheTransfer(target, listener).start(slow, entry -> true);
        session.add(running);
        assertEquals(40, session.entries(CacheKind.COMPILE).size(), "every entry is findable before its blob is here");

        Optional<Path> blob = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                java.time.Duration.ofSeconds(20), () -> session.blob(needed));
        assertArrayEquals(Files.readAllBytes(LocalCacheTest.blobFile(source, needed)),
                Files.readAllBytes(blob.orElseThrow()));
        assertEquals(List.of(), listener.imports, "the import is reported once it is done");

        released.countDown();
        assertEquals(entries, running.finish());
        assertEquals(List.of(new RecordingCacheListener.Imported("slow", 40, 40, 4000)), listener.imports);
        assertEquals(entries, running.finish(), "finishing again changes nothing");
        assertEquals(1, listener.imports.size());
    }

    @Test
    void aMissingDirectoryIsOneWarningAndNoEntries() {
        Path missing = dir.resolve("no-such-cache");
        CacheIndex imported = new CacheTransfer(localUnchecked("target"), listener)
                .importFrom(new LayoutCacheLocation(missing), entry -> true);

        assertEquals(CacheIndex.EMPTY, imported);
        assertOneLineWarnings(1);
        assertTrue(listener.warnings.get(0).contains(missing.toString()), listener.warnings.get(0));
        assertFalse(Files.exists(missing), "reading creates nothing");
    }

    private LocalCache localUnchecked(String name) {
        try {
            return local(name);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Flips a bit of the entry's blob in the layout, as a damaged disk or a hostile writer would. */
    private CacheEntry tamper(CacheEntry entry) throws IOException {
        Path file = layout.resolve("blobs/sha256").resolve(entry.blob().digest().hex());
        byte[] bytes = Files.readAllBytes(file);
        bytes[0] ^= 1;
        Files.write(file, bytes);
        return entry;
    }

    @Test
    void aTamperedBlobIsOneWarningAndTheOtherEntriesCome() throws IOException {
        CacheIndex entries = made(source, "k", 1, 2, 3);
        export(entries, 1 << 20);
        CacheEntry tampered = tamper(entries.entries().get(1));

        LocalCache target = local("target");
        CacheIndex imported = new CacheTransfer(target, listener).importFrom(new LayoutCacheLocation(layout),
                entry -> true);
        assertOneLineWarnings(1);
        assertTrue(listener.warnings.get(0).contains("1 of 3"), listener.warnings.get(0));
        assertEquals(keys(entries).stream().filter(key -> !key.equals(tampered.key())).collect(Collectors.toSet()),
                keys(imported));
        assertTrue(target.intactBlob(tampered.blob()) == null, "the tampered blob is not kept");
    }

    @Test
    void anExportAfterAnImportThatFoundABlobDamagedSendsItAgain() throws IOException {
        CacheIndex entries = made(source, "k", 1, 2, 3);
        export(entries, 1 << 20);
        CacheEntry tampered = tamper(entries.entries().get(1));

        // the next runner finds the blob damaged, makes the entry again (the same bytes) and exports
        LocalCache runner = local("runner");
        CacheTransfer transfer = new CacheTransfer(runner, listener);
        transfer.importFrom(new LayoutCacheLocation(layout), entry -> true);
        assertOneLineWarnings(1);
        CacheEntry remade = LocalCacheTest.put(runner.session(true), tampered.key(),
                Files.readString(LocalCacheTest.blobFile(source, tampered)));
        assertEquals(tampered.blob(), remade.blob());
        transfer.exportTo(new LayoutCacheLocation(layout), new CacheIndex(List.of(remade)), 1 << 20).orElseThrow();

        assertEquals(keys(entries), keys(readBack(layout)), "every entry readable again, the damaged one sent anew");
    }

    @Test
    void anIndexOfAnotherLadingVersionIsNeitherReadNorOverwritten() throws IOException {
        LayoutCacheLocation location = new LayoutCacheLocation(layout);
        Blob index = Blob.of(CacheArtifact.INDEX_TYPE, "{\"version\":2,\"entries\":[]}".getBytes(
                java.nio.charset.StandardCharsets.UTF_8));
        location.put(index.descriptor(), () -> new java.io.ByteArrayInputStream(index.bytes()));
        Blob manifest = new CacheArtifact(index.descriptor(), List.of()).manifest();
        location.putManifest(manifest.descriptor(), manifest.bytes());

        assertEquals(CacheIndex.EMPTY, new CacheTransfer(local("reader"), listener).importFrom(location, entry -> true));
        assertOneLineWarnings(1);
        assertTrue(listener.warnings.get(0).contains("another version of lading"), listener.warnings.get(0));
        assertEquals(Optional.empty(), new CacheTransfer(source, listener)
                .exportTo(location, made(source, "k", 1), 1 << 20));
        assertOneLineWarnings(2);
        assertEquals(manifest.digest(), location.manifest().orElseThrow().descriptor().digest(), "left as it was");
    }

    @Test
    void aLongerBlobIsRefusedToo() throws IOException {
        CacheIndex entries = made(source, "k", 1);
        export(entries, 1 << 20);
        Path file = layout.resolve("blobs/sha256").resolve(entries.entries().get(0).blob().digest().hex());
        Files.write(file, new byte[10], java.nio.file.StandardOpenOption.APPEND);

        assertEquals(CacheIndex.EMPTY, new CacheTransfer(local("target"), listener)
                .importFrom(new LayoutCacheLocation(layout), entry -> true));
        assertOneLineWarnings(1);
    }

    /** A layout whose {@code cache} ref is an ordinary image. */
    private Path imageLayout() throws IOException {
        Path image = dir.resolve("image-layout");
        OciLayout oci = OciLayout.openOrCreate(image);
        Descriptor config = oci.put(Blob.of(MediaTypes.OCI_CONFIG, "{}".getBytes()));
        Descriptor layer = oci.put(Blob.of(MediaTypes.OCI_LAYER_GZIP, new byte[] {1, 2, 3}));
        Blob manifest = Blob.json(MediaTypes.OCI_MANIFEST, new Manifest(MediaTypes.OCI_MANIFEST, config,
                List.of(layer), Map.of()));
        Descriptor stored = oci.put(manifest);
        oci.updateIndex(index -> index.withManifests(List.of(stored.withAnnotations(
                Map.of(Annotations.REF_NAME, LayoutCacheLocation.REF_NAME)))));
        return image;
    }

    @Test
    void anImageWhereTheCacheShouldBeIsNeitherOverwrittenNorRead() throws IOException {
        layout = imageLayout();
        byte[] indexBefore = Files.readAllBytes(layout.resolve("index.json"));
        Set<String> blobsBefore = blobNames(layout);
        CacheIndex entries = made(source, "k", 1);

        assertEquals(Optional.empty(), new CacheTransfer(source, listener).exportTo(new LayoutCacheLocation(layout),
                entries, 1 << 20));
        assertOneLineWarnings(1);
        assertArrayEquals(indexBefore, Files.readAllBytes(layout.resolve("index.json")));
        assertEquals(blobsBefore, blobNames(layout));

        assertEquals(CacheIndex.EMPTY, new CacheTransfer(local("target"), listener)
                .importFrom(new LayoutCacheLocation(layout), entry -> true));
        assertOneLineWarnings(2);
        assertTrue(listener.warnings.get(1).contains("not a lading cache"), listener.warnings.get(1));
    }

    @Test
    void anUnchangedExportSendsNothing() throws IOException {
        CacheIndex entries = made(source, "k", 1, 2);
        Descriptor first = export(entries, 1 << 20);
        byte[] indexJson = Files.readAllBytes(layout.resolve("index.json"));

        Descriptor second = export(entries, 1 << 20);
        assertEquals(first, second);
        assertEquals(new RecordingCacheListener.Exported(layout.toString(), first, 2, 0, false),
                listener.exports.get(1));
        assertArrayEquals(indexJson, Files.readAllBytes(layout.resolve("index.json")));
        assertOneLineWarnings(0);
    }

    @Test
    void theBoundOfAnExportDropsTheOldest() throws IOException {
        export(made(source, "old", 1, 2), 1 << 20);

        export(made(source, "new", 3, 4), 300);
        assertEquals(Set.of("old1", "new0", "new1"), keys(readBack(layout)));
        assertEquals(3, listener.exports.get(1).entries());
        assertOneLineWarnings(0);
    }

    @Test
    void blobsTheArtifactNoLongerNamesLeaveALayoutThatHoldsOnlyTheCache() throws IOException {
        export(made(source, "old", 1, 2), 1 << 20);
        backdate(layout);

        CacheIndex newer = made(source, "new", 3);
        Descriptor manifest = export(newer, 100);
        CacheArtifact artifact = CacheArtifact.parse(
                Files.readAllBytes(layout.resolve("blobs/sha256").resolve(manifest.digest().hex())), "layout");
        Set<String> expected = new HashSet<>(Set.of(manifest.digest().hex(), artifact.index().digest().hex(),
                CacheArtifact.EMPTY_CONFIG.digest().hex()));
        newer.entries().forEach(entry -> expected.add(entry.blob().digest().hex()));
        assertEquals(expected, blobNames(layout));
        assertEquals(keys(newer), keys(readBack(layout)));
    }

    @Test
    void aLayoutThatHoldsAnImageToo_keepsItsBlobs() throws IOException {
        layout = imageLayout();
        OciLayout.open(layout).updateIndex(index -> index.withManifests(List.of(index.manifests().get(0)
                .withAnnotations(Map.of(Annotations.REF_NAME, "app")))));
        Set<String> image = blobNames(layout);
        export(made(source, "old", 1), 1 << 20);
        backdate(layout);
        export(made(source, "new", 2), 100);

        assertTrue(blobNames(layout).containsAll(image), "the image's blobs stay");
        assertEquals(Set.of("new0"), keys(readBack(layout)));
    }

    /** Makes the layout's files look written long ago, as by an earlier CI run. */
    private static void backdate(Path layout) throws IOException {
        FileTime old = FileTime.from(Instant.now().minusSeconds(86_400));
        try (Stream<Path> files = Files.walk(layout)) {
            for (Path file : files.toList()) {
                Files.setLastModifiedTime(file, old);
            }
        }
    }

    @Test
    void exportsAtOnceIntoOneLayoutKeepEachOthersEntries() throws Exception {
        int runners = 4;
        List<LocalCache> caches = new ArrayList<>();
        List<CacheIndex> entries = new ArrayList<>();
        for (int i = 0; i < runners; i++) {
            caches.add(local("runner" + i));
            entries.add(made(caches.get(i), "runner" + i + "-", 1, 2, 3));
        }
        CyclicBarrier start = new CyclicBarrier(runners);
        ExecutorService pool = Executors.newFixedThreadPool(runners);
        try {
            List<Future<Optional<Descriptor>>> exports = new ArrayList<>();
            for (int i = 0; i < runners; i++) {
                int runner = i;
                exports.add(pool.submit(() -> {
                    start.await();
                    return new CacheTransfer(caches.get(runner), listener).exportTo(new LayoutCacheLocation(layout),
                            entries.get(runner), 1 << 20);
                }));
            }
            for (Future<Optional<Descriptor>> export : exports) {
                assertTrue(export.get().isPresent(), listener.warnings.toString());
            }
        } finally {
            pool.shutdownNow();
        }
        Set<String> expected = new HashSet<>();
        entries.forEach(index -> expected.addAll(keys(index)));
        assertEquals(expected, keys(readBack(layout)), "every runner's entries, each blob intact");
        assertOneLineWarnings(0);
    }
}
