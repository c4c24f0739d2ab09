package dev.lading.core.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/** The index as a value: merging, bounding and its bytes, over random entries drawn from a small pool of ids. */
class CacheIndexTest {
    private static final List<String> KINDS = List.of("compile", "zig", "package", "future-kind");
    private static final List<String> PLATFORMS = List.of("linux/amd64", "linux/arm64");

    static Descriptor blob(String content, long size) {
        return new Descriptor(CacheArtifact.ENTRY_TYPE, Digest.sha256(content.getBytes(StandardCharsets.UTF_8)),
                size);
    }

    /** Few kinds, keys and blobs, so that random indexes share ids (and differ in time and platform). */
    static CacheEntry randomEntry(Random random) {
        String platform = random.nextInt(3) == 0 ? null : PLATFORMS.get(random.nextInt(PLATFORMS.size()));
        int blob = random.nextInt(6);
        return new CacheEntry(KINDS.get(random.nextInt(KINDS.size())), "key" + random.nextInt(4), platform,
                blob("blob" + blob, 100L * (blob + 1)), random.nextInt(5));
    }

    static CacheIndex randomIndex(Random random) {
        List<CacheEntry> entries = new ArrayList<>();
        int count = random.nextInt(12);
        for (int i = 0; i < count; i++) {
            entries.add(randomEntry(random));
        }
        return new CacheIndex(entries);
    }

    @RepeatedTest(300)
    void mergeIsCommutativeAndIdempotentAndKeepsTheLaterUse(RepetitionInfo repetition) {
        Random random = new Random(repetition.getCurrentRepetition());
        CacheIndex a = randomIndex(random);
        CacheIndex b = randomIndex(random);
        CacheIndex ab = a.merge(b);

        assertEquals(ab, b.merge(a), "merge is commutative");
        assertArrayEquals(ab.bytes(), b.merge(a).bytes());
        assertEquals(ab, ab.merge(ab), "merge is idempotent");
        assertEquals(ab, ab.merge(b));
        assertEquals(ab, a.merge(b).merge(a));
        Map<CacheEntry.Id, Long> latest = new HashMap<>();
        for (CacheEntry entry : concat(a, b)) {
            latest.merge(entry.id(), entry.lastUsed(), Math::max);
        }
        assertEquals(latest.size(), ab.entries().size(), "each id once");
        for (CacheEntry entry : ab.entries()) {
            assertEquals(latest.get(entry.id()), entry.lastUsed(), "the later use is kept: " + entry);
        }
    }

    @RepeatedTest(300)
    void boundedKeepsTheMostRecentlyUsedWithinBytesAndCount(RepetitionInfo repetition) {
        Random random = new Random(-repetition.getCurrentRepetition());
        CacheIndex index = randomIndex(random).merge(randomIndex(random));
        long maxBytes = random.nextInt(2000);
        int maxEntries = random.nextInt(8);

        CacheIndex bounded = index.bounded(maxBytes, maxEntries);

        assertTrue(bounded.totalBytes() <= maxBytes, "bytes: " + bounded.totalBytes() + " > " + maxBytes);
        assertTrue(bounded.entries().size() <= maxEntries, "entries");
        assertTrue(index.entries().containsAll(bounded.entries()), "only entries it had, unchanged");
        List<CacheEntry> byUse = new ArrayList<>(index.entries());
        byUse.sort(Comparator.comparingLong(CacheEntry::lastUsed).reversed());
        for (CacheEntry dropped : index.entries()) {
            if (bounded.entries().contains(dropped)) {
                continue;
            }
            // dropped only because the more recently used ones kept left no room for it
            List<CacheEntry> newer = bounded.entries().stream()
                    .filter(kept -> kept.lastUsed() > dropped.lastUsed()).toList();
            long newerBytes = newer.stream().mapToLong(e -> e.blob().size()).sum();
            boolean noRoom = newerBytes + dropped.blob().size() > maxBytes || newer.size() >= maxEntries;
            boolean tie = bounded.entries().stream().anyMatch(kept -> kept.lastUsed() == dropped.lastUsed());
            assertTrue(noRoom || tie, "dropped " + dropped + " though newer entries left room");
        }
        assertEquals(bounded, bounded.bounded(maxBytes, maxEntries), "a bounded index is within its bound");
    }

    @RepeatedTest(100)
    void theSameEntriesInAnyOrderAreTheSameBytes(RepetitionInfo repetition) throws IOException {
        Random random = new Random(repetition.getCurrentRepetition() * 31L);
        CacheIndex index = randomIndex(random).merge(CacheIndex.EMPTY);
        List<CacheEntry> shuffled = new ArrayList<>(index.entries());
        Collections.shuffle(shuffled, random);

        assertArrayEquals(index.bytes(), new CacheIndex(shuffled).bytes());
        assertEquals(index, CacheIndex.parse(index.bytes(), "index"), "read back as written");
    }

    @Test
    void anIndexOfALaterVersionIsReadAsForeignAndEmpty() throws IOException {
        // entries of a shape this version cannot map: the version is read first, the entries never
        String later = "{\"version\":2,\"entries\":[{\"kind\":7,\"blob\":\"elsewhere\",\"lastUsed\":[1]}],"
                + "\"newTopLevel\":true}";
        CacheIndex index = CacheIndex.parse(later.getBytes(StandardCharsets.UTF_8), "later");
        assertEquals(List.of(), index.entries());
        assertTrue(index.isForeign());
        assertFalse(CacheIndex.EMPTY.isForeign());
    }

    @Test
    void usageIsSummedPerKindUnknownKindsUnderTheirOwnName() {
        CacheIndex index = new CacheIndex(List.of(
                new CacheEntry(CacheKind.COMPILE, "a", "linux/amd64", blob("a", 10), 1),
                new CacheEntry(CacheKind.COMPILE, "b", "linux/arm64", blob("b", 20), 1),
                new CacheEntry(CacheKind.ZIG, "z", null, blob("z", 300), 1),
                new CacheEntry("future-kind", "f", null, blob("f", 4000), 1)));

        assertEquals(Map.of("compile", new CacheIndex.Usage(30, 2), "zig", new CacheIndex.Usage(300, 1),
                "future-kind", new CacheIndex.Usage(4000, 1)), index.usageByKind());
        assertEquals(4330, index.totalBytes());
        assertEquals(Map.of(), CacheIndex.EMPTY.usageByKind());
    }

    private static List<CacheEntry> concat(CacheIndex a, CacheIndex b) {
        List<CacheEntry> all = new ArrayList<>(a.entries());
        all.addAll(b.entries());
        return all;
    }
}
