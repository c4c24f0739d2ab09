package dev.lading.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.cache.CacheArtifact;
import dev.lading.core.cache.CacheEntry;
import dev.lading.core.cache.CacheIndex;
import dev.lading.core.cache.CacheKind;
import dev.lading.core.cache.CacheListener;
import dev.lading.core.cache.CacheLocation;
import dev.lading.core.cache.CacheSession;
import dev.lading.core.cache.CacheSpec;
import dev.lading.core.cache.CacheTransfer;
import dev.lading.core.cache.LocalCache;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Digest;
import dev.lading.core.model.Json;
import dev.lading.core.model.Reference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import mockwebserver3.SocketEffect;
import okio.ByteString;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code type=registry}: {@link CacheTransfer} writing and reading a cache artifact through
 * {@link RegistryCacheLocation}, between real local caches, against a registry that fails in the ways a CI runner
 * meets.
 */
class RegistryCacheTest extends FakeRegistryTest {
    private static final String REPOSITORY = "cache";
    private static final String MANIFESTS = "/v2/" + REPOSITORY + "/manifests/";
    private static final String BLOBS = "/v2/" + REPOSITORY + "/blobs/";

    @TempDir
    Path home;

    private final Recorder events = new Recorder();

    @BeforeEach
    void behaveWell() {
        registry.acceptPushes(REPOSITORY).serveManifests(REPOSITORY);
    }

    private CacheLocation location() {
        return new RegistryCaches(() -> client).registry(reference());
    }

    private Reference reference() {
        return Reference.parse(registry.registry() + "/" + REPOSITORY + ":ci");
    }

    private LocalCache cache(String name) throws IOException {
        return LocalCache.open(home.resolve(name));
    }

    /** Entry {@code i}'s bytes; the first is above the size one PUT carries, so it goes up in a PATCH. */
    private static byte[] content(String platform, int i) {
        String line = "object " + i + " for " + platform + "\n";
        int lines = i == 0 ? (int) (BlobTransfer.MONOLITHIC_LIMIT / line.length()) + 10 : 50 + i;
        return line.repeat(lines).getBytes(StandardCharsets.UTF_8);
    }

    /** A build's entries for {@code platform}: {@code count} compiles, stored in {@code cache}. */
    private static CacheIndex build(LocalCache cache, String platform, int count) throws IOException {
        CacheSession session = cache.session(true);
        for (int i = 0; i < count; i++) {
            byte[] bytes = content(platform, i);
            session.put(CacheKind.COMPILE, platform + "/object-" + i, platform, CacheArtifact.ENTRY_TYPE,
                    out -> out.write(bytes));
        }
        session.commit();
        return session.used();
    }

    private Optional<Descriptor> export(LocalCache cache, CacheIndex entries) {
        return new CacheTransfer(cache, events).exportTo(location(), entries, CacheSpec.DEFAULT_MAX_SIZE);
    }

    private CacheIndex importInto(LocalCache cache) {
        return new CacheTransfer(cache, events).importFrom(location(), entry -> true);
    }

    private static Set<CacheEntry.Id> ids(CacheIndex index) {
        return index.entries().stream().map(CacheEntry::id).collect(Collectors.toSet());
    }

    /** Every entry's blob is in {@code cache}, intact, with the bytes its build made. */
    private static void assertUsable(LocalCache cache, CacheIndex index) throws IOException {
        for (CacheEntry entry : index.entries()) {
            Path blob = cache.intactBlob(entry.blob());
            assertNotNull(blob, entry.key());
            int i = Integer.parseInt(entry.key().substring(entry.key().lastIndexOf('-') + 1));
            assertArrayEquals(content(entry.platform(), i), Files.readAllBytes(blob), entry.key());
        }
    }

    /** An empty runner importing the ref gets both runners' entries, intact, without a warning anywhere. */
    private void assertBothArrive(CacheIndex one, CacheIndex other) throws IOException {
        CacheIndex imported = importInto(cache("b"));
        assertEquals(ids(one.merge(other)), ids(imported));
        assertUsable(cache("b"), imported);
        assertEquals(List.of(), events.warnings);
    }

    @Test
    void entriesExportedFromOneRunnerArriveVerifiedOnAnotherEmptyOne() throws IOException {
        CacheIndex entries = build(cache("a"), "linux/amd64", 5);

        Optional<Descriptor> written = export(cache("a"), entries);
        CacheIndex imported = importInto(cache("b"));

        assertEquals(List.of(), events.warnings);
        assertTrue(written.isPresent());
        byte[] stored = registry.manifests.get("ci").toByteArray();
        assertEquals(written.get().digest(), Digest.sha256(stored));
        assertEquals(CacheArtifact.ARTIFACT_TYPE, Json.mapper().readTree(stored).path("artifactType").asText());
        assertEquals(1, registry.requests("PATCH", BLOBS + "uploads/").size(), "the big blob is streamed");
        assertEquals(ids(entries), ids(imported));
        assertUsable(cache("b"), imported);
        assertEquals(List.of(5), events.importedFetched, "every blob came over");
    }

    @Test
    void unchangedSecondExportSendsNoBlobAndWritesNoManifest() throws IOException {
        LocalCache cache = cache("a");
        CacheIndex entries = build(cache, "linux/amd64", 4);
        export(cache, entries);
        int before = registry.requests().size();

        Optional<Descriptor> again = export(cache, entries);

        List<String> second = registry.log().subList(before, registry.requests().size());
        assertTrue(again.isPresent());
        assertEquals(List.of(true, false), events.exportedChanged);
        assertEquals(List.of(0), events.exportedSent.subList(1, 2));
        assertEquals(List.of(), second.stream().filter(line -> !line.startsWith("GET ")).toList(),
                "only reads: " + second);
        assertEquals(List.of(), events.warnings);
    }

    @Test
    void missingReferenceIsOneWarningAndNoEntries() throws IOException {
        CacheIndex imported = importInto(cache("b"));

        assertEquals(CacheIndex.EMPTY, imported);
        assertEquals(1, events.warnings.size(), events.warnings.toString());
        assertTrue(events.warnings.get(0).contains("no cache at " + reference()), events.warnings.get(0));
    }

    @Test
    void registryDyingMidPullLeavesTheEntriesThatArrivedUsable() throws IOException {
        CacheIndex entries = build(cache("a"), "linux/amd64", 6);
        export(cache("a"), entries);
        // the index and two entry blobs come over; the third breaks off half-way and the registry is gone after
        AtomicInteger served = new AtomicInteger();
        registry.then("GET", BLOBS, answer -> served.incrementAndGet() <= 3 ? answer
                : served.get() == 4 ? answer.newBuilder().onResponseBody(SocketEffect.ShutdownConnection.INSTANCE)
                        .build()
                : answer.newBuilder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());

        CacheIndex imported = importInto(cache("b"));

        assertEquals(1, events.warnings.size(), events.warnings.toString());
        assertTrue(events.warnings.get(0).contains("4 of 6 blobs could not be used"), events.warnings.get(0));
        assertEquals(2, imported.entries().size());
        assertTrue(ids(entries).containsAll(ids(imported)));
        assertUsable(cache("b"), imported);
    }

    @Test
    void tamperedBlobIsSkippedAndTheOthersUsed() throws IOException {
        CacheIndex entries = build(cache("a"), "linux/amd64", 3);
        export(cache("a"), entries);
        CacheEntry victim = entries.entries().get(1);
        byte[] bytes = registry.blobs.get(victim.blob().digest()).toByteArray();
        bytes[bytes.length / 2] ^= 1;
        registry.blobs.put(victim.blob().digest(), ByteString.of(bytes));

        CacheIndex imported = importInto(cache("b"));

        assertEquals(1, events.warnings.size(), events.warnings.toString());
        assertTrue(events.warnings.get(0).contains("1 of 3 blobs"), events.warnings.get(0));
        Set<CacheEntry.Id> others = new HashSet<>(ids(entries));
        others.remove(victim.id());
        assertEquals(others, ids(imported));
        assertUsable(cache("b"), imported);
        assertNull(cache("b").intactBlob(victim.blob()));
    }

    @Test
    void runnersExportingOtherPlatformsOneAfterTheOtherBothKeepTheirEntries() throws IOException {
        CacheIndex amd64 = build(cache("a"), "linux/amd64", 3);
        CacheIndex arm64 = build(cache("c"), "linux/arm64", 3);

        export(cache("a"), amd64);
        export(cache("c"), arm64);
        assertBothArrive(amd64, arm64);
    }

    @Test
    void runnersExportingOtherPlatformsAtOnceBothKeepTheirEntries() throws Exception {
        CacheIndex amd64 = build(cache("a"), "linux/amd64", 3);
        CacheIndex arm64 = build(cache("c"), "linux/arm64", 3);
        // both runners check the ref before either manifest is stored, and both are stored before either runner
        // hears that its own was: one of them reads back the other's
        CyclicBarrier bothWriting = new CyclicBarrier(2);
        AtomicInteger arrived = new AtomicInteger();
        AtomicInteger stored = new AtomicInteger();
        registry.on("PUT", MANIFESTS, request -> {
            awaitTheOther(bothWriting, arrived);
            return null;
        });
        registry.then("PUT", MANIFESTS, answer -> {
            awaitTheOther(bothWriting, stored);
            return answer;
        });

        ExecutorService runners = Executors.newFixedThreadPool(2);
        try {
            Future<Optional<Descriptor>> first = runners.submit(() -> export(cache("a"), amd64));
            Future<Optional<Descriptor>> second = runners.submit(() -> export(cache("c"), arm64));
            assertTrue(first.get().isPresent());
            assertTrue(second.get().isPresent());
        } finally {
            runners.shutdownNow();
        }
        assertEquals(3, registry.requests("PUT", MANIFESTS).size(), "the runner whose manifest was replaced wrote"
                + " again");
        assertBothArrive(amd64, arm64);
    }

    /** Makes the first two requests that {@code count} counts wait for each other. */
    private static void awaitTheOther(CyclicBarrier barrier, AtomicInteger count) {
        if (count.incrementAndGet() <= 2) {
            try {
                barrier.await(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("the other runner's manifest never came", e);
            }
        }
    }

    @Test
    void runnerWhoseUploadOutlastsAnotherRunnersWholeExportKeepsBothEntries() throws Exception {
        CacheIndex amd64 = build(cache("a"), "linux/amd64", 3);
        CacheIndex arm64 = build(cache("c"), "linux/arm64", 3);
        // the arm64 runner has read the empty ref and is sending its blobs while the amd64 runner writes and checks
        Set<String> slowBlobs = arm64.entries().stream().map(entry -> entry.blob().digest().toString())
                .collect(Collectors.toSet());
        CountDownLatch slowSending = new CountDownLatch(1);
        CountDownLatch otherDone = new CountDownLatch(1);
        registry.on("HEAD", BLOBS, request -> {
            if (slowBlobs.contains(FakeRegistry.last(request))) {
                slowSending.countDown();
                otherDone.await(30, TimeUnit.SECONDS);
            }
            return null;
        });

        ExecutorService runner = Executors.newSingleThreadExecutor();
        try {
            Future<Optional<Descriptor>> slow = runner.submit(() -> export(cache("c"), arm64));
            assertTrue(slowSending.await(30, TimeUnit.SECONDS));
            assertTrue(export(cache("a"), amd64).isPresent());
            otherDone.countDown();
            assertTrue(slow.get().isPresent());
        } finally {
            otherDone.countDown();
            runner.shutdownNow();
        }
        assertBothArrive(amd64, arm64);
    }

    @Test
    void exportLeavesAnImageUnderTheReferenceAlone() throws IOException {
        TinyImage image = TinyImage.of("layer");
        new ImagePusher(client).push(image, image.root(), registry.repository(REPOSITORY), List.of("ci"));
        ByteString pushed = registry.manifests.get("ci");
        int manifestPuts = registry.requests("PUT", MANIFESTS).size();
        int uploads = registry.requests("POST", BLOBS + "uploads/").size();

        Optional<Descriptor> written = export(cache("a"), build(cache("a"), "linux/amd64", 2));

        assertTrue(written.isEmpty());
        assertEquals(1, events.warnings.size(), events.warnings.toString());
        assertTrue(events.warnings.get(0).contains("does not overwrite"), events.warnings.get(0));
        assertEquals(pushed, registry.manifests.get("ci"));
        assertEquals(manifestPuts, registry.requests("PUT", MANIFESTS).size());
        assertEquals(uploads, registry.requests("POST", BLOBS + "uploads/").size());
    }

    @Test
    void importOfAnImageIndexIsOneWarningAndNoEntries() throws IOException {
        TinyImage image = TinyImage.twoPlatforms();
        new ImagePusher(client).push(image, image.root(), registry.repository(REPOSITORY), List.of("ci"));

        CacheIndex imported = importInto(cache("b"));

        assertEquals(CacheIndex.EMPTY, imported);
        assertEquals(1, events.warnings.size(), events.warnings.toString());
        assertTrue(events.warnings.get(0).contains("cannot read the cache at " + reference()),
                events.warnings.get(0));
    }

    @Test
    void exportToADigestReferenceIsRefusedWithAWarning() throws IOException {
        CacheIndex entries = build(cache("a"), "linux/amd64", 1);
        Reference pinned = Reference.parse(registry.registry() + "/" + REPOSITORY + "@"
                + entries.entries().get(0).blob().digest());

        Optional<Descriptor> written = new CacheTransfer(cache("a"), events)
                .exportTo(new RegistryCacheLocation(client, pinned), entries, CacheSpec.DEFAULT_MAX_SIZE);

        assertTrue(written.isEmpty());
        assertEquals(1, events.warnings.size(), events.warnings.toString());
        assertTrue(events.warnings.get(0).contains("write the cache to a tag"), events.warnings.get(0));
        assertFalse(registry.manifests.containsKey(pinned.digest().toString()));
    }

    /** What the transfer reported; thread-safe, as two runners' exports report at once. */
    private static final class Recorder implements CacheListener {
        final List<String> warnings = new CopyOnWriteArrayList<>();
        final List<Boolean> exportedChanged = new CopyOnWriteArrayList<>();
        final List<Integer> exportedSent = new CopyOnWriteArrayList<>();
        final List<Integer> importedFetched = new CopyOnWriteArrayList<>();

        @Override
        public void cacheWarning(String message) {
            warnings.add(message);
        }

        @Override
        public void cacheExported(String location, Descriptor manifest, int entries, int sent, boolean changed,
                                  Duration took) {
            exportedChanged.add(changed);
            exportedSent.add(sent);
        }

        @Override
        public void cacheImported(String location, int entries, int fetched, long fetchedBytes, Duration took) {
            importedFetched.add(fetched);
        }
    }
}
