package dev.lading.toolchain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.cache.CacheEntry;
import dev.lading.core.cache.CacheKind;
import dev.lading.core.cache.CacheSession;
import dev.lading.core.cache.EntryArchive;
import dev.lading.core.cache.LocalCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** zig's cache carried in entries: restored before a build, and what a build added kept once, when exporting. */
class ZigCacheEntriesTest {
    private static final String IDENTITY = "zig 0.14.0 build-id:0123";

    @TempDir
    Path dir;
    final List<IOException> warnings = new ArrayList<>();

    private ZigToolchain zig(String cache) {
        return new ZigToolchain(Path.of("/nonexistent/zig"), "0.14.0", dir.resolve(cache));
    }

    private Set<String> names(CacheSession session) throws IOException {
        Set<String> names = new TreeSet<>();
        for (CacheEntry entry : session.used().entries()) {
            names.addAll(EntryArchive.names(session.blob(entry).orElseThrow(), CacheKind.ZIG, IDENTITY));
        }
        return names;
    }

    @Test
    void aRunnerGetsWhatAnotherAddedAndExportsOnlyWhatItAdds() throws Exception {
        LocalCache local = LocalCache.open(dir.resolve("local"));
        ZigToolchain first = zig("first");
        Fixtures.write(first.cache(), "o/abc/libc.a", "musl", "h/abc.txt", "manifest", "tmp/partial", "x",
                "h/abc.txt.lock", "");
        CacheSession exporting = local.session(true);
        ZigCacheEntries.restore(exporting, first, IDENTITY, warnings::add).keepNew(warnings::add);
        assertEquals(Set.of("o/abc/libc.a", "h/abc.txt"), names(exporting), "no temporary or lock files");
        exporting.commit();

        ZigToolchain second = zig("second");
        CacheSession fresh = local.session(true);
        ZigCacheEntries restored = ZigCacheEntries.restore(fresh, second, IDENTITY, warnings::add);
        assertEquals("musl", Files.readString(second.cache().resolve("o/abc/libc.a")));
        assertEquals(1, fresh.used().entries().size(), "the restored entry counts as used");
        Fixtures.write(second.cache(), "o/def/libc++.a", "libc++");
        restored.keepNew(warnings::add);
        List<CacheEntry> entries = fresh.used().entries();
        assertEquals(2, entries.size());
        assertTrue(entries.stream().anyMatch(entry -> {
            try {
                return EntryArchive.names(fresh.blob(entry).orElseThrow(), CacheKind.ZIG, IDENTITY)
                        .equals(List.of("o/def/libc++.a"));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }), "the new entry holds what the build added alone");
        assertTrue(warnings.isEmpty(), warnings.toString());

        // the next build on that runner does not unpack the entry again, and still knows what it held
        Files.delete(second.cache().resolve("o/abc/libc.a"));
        CacheSession next = local.session(true);
        next.add(fresh.used());
        ZigCacheEntries.restore(next, second, IDENTITY, warnings::add).keepNew(warnings::add);
        assertTrue(Files.notExists(second.cache().resolve("o/abc/libc.a")), "not unpacked a second time");
        assertEquals(Set.of("o/abc/libc.a", "h/abc.txt", "o/def/libc++.a"), names(next),
                "no new entry: the restored ones are used again");
        assertTrue(warnings.isEmpty(), warnings.toString());
    }

    @Test
    void aBuildThatDoesNotExportMakesNoEntryAndAnotherZigFindsNone() throws Exception {
        LocalCache local = LocalCache.open(dir.resolve("local"));
        ZigToolchain zig = zig("cache");
        Fixtures.write(zig.cache(), "o/abc/libc.a", "musl");
        CacheSession local1 = local.session(false);
        ZigCacheEntries.restore(local1, zig, IDENTITY, warnings::add).keepNew(warnings::add);
        assertTrue(local1.used().entries().isEmpty(), "zig's cache is on this machine anyway");

        CacheSession exporting = local.session(true);
        ZigCacheEntries.restore(exporting, zig, IDENTITY, warnings::add).keepNew(warnings::add);
        exporting.commit();
        CacheSession other = local.session(true);
        ZigToolchain newer = zig("newer");
        ZigCacheEntries.restore(other, newer, "zig 0.15.0 build-id:4567", warnings::add);
        assertTrue(Files.notExists(newer.cache().resolve("o/abc/libc.a")));
    }
}
