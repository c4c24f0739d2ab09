package dev.lading.core.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.io.TempFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store on this machine and a build's session of it: merged commits, the bound, damage. */
class LocalCacheTest {
    @TempDir
    Path dir;

    static TempFiles.Writer bytes(String content) {
        return out -> out.write(content.getBytes(StandardCharsets.UTF_8));
    }

    static CacheEntry put(CacheSession session, String key, String content) throws IOException {
        return session.put(CacheKind.COMPILE, key, "linux/amd64", CacheArtifact.ENTRY_TYPE, bytes(content))
                .orElseThrow();
    }

    static Path blobFile(LocalCache cache, CacheEntry entry) {
        return cache.directory().resolve("blobs").resolve("sha256").resolve(entry.blob().digest().hex());
    }

    private static Set<String> keys(CacheIndex index) {
        return index.entries().stream().map(CacheEntry::key).collect(Collectors.toSet());
    }

    @Test
    void anEntryPutIsFoundAndItsBlobServed() throws IOException {
        LocalCache cache = LocalCache.open(dir.resolve("cache"));
        CacheSession session = cache.session(false);
        CacheEntry entry = put(session, "k", "object");

        assertEquals(List.of(entry), session.candidates(CacheKind.COMPILE, "k"));
        assertEquals(List.of(), session.candidates(CacheKind.ZIG, "k"));
        assertEquals("object", Files.readString(session.blob(entry).orElseThrow()));
        assertEquals(CacheIndex.EMPTY, cache.index(), "nothing is committed before commit()");
        session.commit();
        assertEquals(List.of(entry), cache.index().entries());
        assertEquals(List.of(entry), cache.session(false).candidates(CacheKind.COMPILE, "k"), "the next build sees it");
    }

    /** A build commits after its native build and again after its layers: the second writes only what is new. */
    @Test
    void aCommitWithNothingNewSinceTheLastWritesNothing() throws IOException {
        LocalCache cache = LocalCache.open(dir.resolve("cache"));
        CacheSession session = cache.session(false);
        CacheEntry first = put(session, "first", "one");
        session.commit();
        assertEquals(Set.of("first"), keys(cache.index()));

        cache.update(index -> CacheIndex.EMPTY);
        session.used(first);
        session.commit();
        assertEquals(Set.of(), keys(cache.index()), "nothing new: the local index is not written again");

        put(session, "second", "two");
        session.commit();
        assertEquals(Set.of("first", "second"), keys(cache.index()), "something new: all the build used");
    }

    @Test
    void sessionsCommittingAtOnceKeepEachOthersEntries() throws Exception {
        Path directory = dir.resolve("cache");
        int sessions = 6;
        CyclicBarrier start = new CyclicBarrier(sessions);
        ExecutorService pool = Executors.newFixedThreadPool(sessions);
        try {
            List<Future<CacheEntry>> commits = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                String key = "key" + i;
                Callable<CacheEntry> build = () -> {
                    CacheSession session = LocalCache.open(directory).session(false);
                    CacheEntry entry = put(session, key, "content of " + key);
                    start.await();
                    session.commit();
                    return entry;
                };
                commits.add(pool.submit(build));
            }
            List<CacheEntry> made = new ArrayList<>();
            for (Future<CacheEntry> commit : commits) {
                made.add(commit.get());
            }
            CacheIndex index = LocalCache.open(directory).index();
            assertEquals(new CacheIndex(made), index);
            for (CacheEntry entry : made) {
                assertTrue(Files.isRegularFile(blobFile(LocalCache.open(directory), entry)));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Three committed entries, used at times 1, 2 and 3, of 100 bytes each. */
    private List<CacheEntry> threeEntries(LocalCache cache) throws IOException {
        CacheSession session = cache.session(false);
        List<CacheEntry> entries = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            CacheEntry made = put(session, "key" + i, String.valueOf(i).repeat(100));
            entries.add(new CacheEntry(made.kind(), made.key(), made.platform(), made.blob(), i));
        }
        cache.update(index -> new CacheIndex(entries));
        return entries;
    }

    @Test
    void theBoundDropsTheLeastRecentlyUsedAndTheirBlobsOnceOldOrPruned() throws IOException {
        Path directory = dir.resolve("cache");
        List<CacheEntry> entries = threeEntries(LocalCache.open(directory));
        LocalCache bounded = LocalCache.open(directory, 250);

        CacheIndex kept = bounded.update(index -> index);
        assertEquals(Set.of("key2", "key3"), keys(kept));
        assertEquals(kept, bounded.index());
        assertTrue(Files.exists(blobFile(bounded, entries.get(0))),
                "a young blob may be a running build's, so the bound leaves it");

        Files.setLastModifiedTime(blobFile(bounded, entries.get(0)),
                FileTime.from(Instant.now().minus(TempFiles.STALE_AFTER).minusSeconds(60)));
        bounded.update(index -> index);
        assertFalse(Files.exists(blobFile(bounded, entries.get(0))), "an old blob no entry names goes");
        assertTrue(Files.exists(blobFile(bounded, entries.get(1))));

        CacheIndex pruned = bounded.prune(100);
        assertEquals(Set.of("key3"), keys(pruned));
        assertFalse(Files.exists(blobFile(bounded, entries.get(1))), "prune removes blobs however young");
        assertTrue(Files.exists(blobFile(bounded, entries.get(2))));
        assertEquals(Set.of(), keys(bounded.prune(0)));
        assertFalse(Files.exists(blobFile(bounded, entries.get(2))));
    }

    @Test
    void aBoundedCommitKeepsWhatTheBuildUsedOverOlderEntries() throws IOException {
        Path directory = dir.resolve("cache");
        threeEntries(LocalCache.open(directory));
        LocalCache bounded = LocalCache.open(directory, 250);
        CacheSession session = bounded.session(false);
        CacheEntry oldest = session.candidates(CacheKind.COMPILE, "key1").get(0);
        session.used(oldest);
        session.commit();

        assertEquals(Set.of("key1", "key3"), keys(bounded.index()), "used now, so the most recently used");
    }

    @Test
    void aDamagedBlobIsNotServedAndIsRemoved() throws IOException {
        LocalCache cache = LocalCache.open(dir.resolve("cache"));
        CacheSession session = cache.session(false);
        CacheEntry entry = put(session, "k", "object bytes");
        session.commit();
        Path file = blobFile(cache, entry);
        Files.writeString(file, "OBJECT BYTES");

        assertEquals(Optional.empty(), cache.session(false).blob(entry));
        assertFalse(Files.exists(file));
        assertEquals(Optional.empty(), cache.session(false).blob(entry), "a missing blob is empty too");
    }

    @Test
    void aDamagedIndexReadsAsEmptyAndIsRewritten() throws IOException {
        LocalCache cache = LocalCache.open(dir.resolve("cache"));
        CacheSession first = cache.session(false);
        put(first, "old", "old");
        first.commit();
        Path indexFile = cache.directory().resolve("entries.json");
        Files.writeString(indexFile, "{\"version\":1,\"entries\":[{\"kind\":");

        assertEquals(CacheIndex.EMPTY, cache.index());
        CacheSession second = cache.session(false);
        assertEquals(List.of(), second.candidates(CacheKind.COMPILE, "old"));
        CacheEntry entry = put(second, "new", "new");
        second.commit();
        assertEquals(List.of(entry), CacheIndex.parse(Files.readAllBytes(indexFile), "entries.json").entries());
    }

    @Test
    void aDisabledSessionStoresNothing() throws IOException {
        CacheSession session = CacheSession.disabled();
        assertFalse(session.isEnabled());
        assertFalse(session.exports());
        assertEquals(Optional.empty(), session.put(CacheKind.COMPILE, "k", null, CacheArtifact.ENTRY_TYPE,
                bytes("x")));
        CacheEntry elsewhere = new CacheEntry(CacheKind.COMPILE, "k", null, CacheIndexTest.blob("x", 1), 1);
        session.add(new CacheIndex(List.of(elsewhere)));
        assertEquals(Optional.empty(), session.blob(elsewhere));
        session.commit();
        assertEquals(Map.of(), session.used().usageByKind());
    }

    @Test
    void exportsOnlyWhenEnabledAndAsked() throws IOException {
        LocalCache cache = LocalCache.open(dir.resolve("cache"));
        assertTrue(cache.session(true).exports());
        assertFalse(cache.session(false).exports());
    }
}
