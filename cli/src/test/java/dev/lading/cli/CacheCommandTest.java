package dev.lading.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lading.core.cache.CacheArtifact;
import dev.lading.core.cache.CacheEntry;
import dev.lading.core.cache.CacheIndex;
import dev.lading.core.cache.CacheKind;
import dev.lading.core.cache.CacheSession;
import dev.lading.core.cache.LocalCache;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lading cache du} and {@code prune} on a cache directory made by the local cache itself. */
class CacheCommandTest {
    @TempDir
    Path home;

    /** Compile entries of 1000 and 3000 bytes, a package entry of 500, and one of a kind this lading does not know. */
    private void fill() throws Exception {
        LocalCache cache = LocalCache.open(home.resolve("entries"));
        CacheSession session = cache.session(true);
        session.put(CacheKind.COMPILE, "a", "linux/amd64", CacheArtifact.ENTRY_TYPE, out -> out.write(new byte[1000]));
        session.put(CacheKind.COMPILE, "b", "linux/arm64", CacheArtifact.ENTRY_TYPE, out -> out.write(new byte[3000]));
        session.put(CacheKind.PACKAGE, "c", null, CacheArtifact.PACKAGE_TYPE, out -> out.write(new byte[500]));
        session.commit();
        Descriptor blob = cache.put("application/octet-stream", out -> out.write(new byte[7]), null);
        cache.update(index -> index.merge(new CacheIndex(List.of(new CacheEntry("future", "k", null, blob, 1)))));
        Files.createDirectories(home.resolve("builds/app/linux-amd64"));
        Files.write(home.resolve("builds/app/linux-amd64/app.o"), new byte[2048]);
    }

    @Test
    void duShowsEachKindTheTotalAgainstTheBoundAndTheKeptDirectories() throws Exception {
        fill();
        CacheCommand.DiskUsage usage = CacheCommand.usage(home);
        assertEquals(List.of("compile", "zig", "package", "cmake", "layer", "future"),
                List.copyOf(usage.kinds().keySet()));
        assertEquals(new CacheIndex.Usage(4000, 2), usage.kinds().get("compile"));
        assertEquals(new CacheIndex.Usage(0, 0), usage.kinds().get("zig"));
        assertEquals(4, usage.entries());
        assertEquals(4507, usage.entryBytes());
        assertEquals(Map.of("builds", 2048L, "zig", 0L, "packages", 0L), usage.directories());
        List<String> lines = usage.lines();
        assertEquals("compile         2 entries     3.9 KiB", lines.get(0));
        assertEquals("total           4 entries     4.4 KiB  of 2.0 GiB", lines.get(6));
        assertEquals("builds/                       2.0 KiB  native build directories", lines.get(7));

        JsonNode json = Json.mapper().readTree(usage.json().toString());
        assertEquals(2, json.get("kinds").get("compile").get("entries").asInt());
        assertEquals(7, json.get("kinds").get("future").get("bytes").asLong());
        assertEquals(4507, json.get("bytes").asLong());
        assertEquals(LocalCache.DEFAULT_MAX_SIZE, json.get("maxBytes").asLong());
        assertEquals(2048, json.get("directories").get("builds").asLong());
    }

    @Test
    void pruneKeepsTheMostRecentlyUsedThatFitAndAllRemovesTheKeptDirectories() throws Exception {
        fill();
        CacheCommand.Freed kept = CacheCommand.prune(home, 3600, false);
        // most recently used first (the same time: by kind and key), each kept when it still fits in 3600 bytes
        assertEquals(List.of(1000L, 7L, 500L), LocalCache.open(home.resolve("entries")).index().entries().stream()
                .map(entry -> entry.blob().size()).toList());
        assertEquals(1, kept.entries());
        assertTrue(kept.entryBytes() >= 3000, kept.lines().toString());
        assertTrue(Files.exists(home.resolve("builds")));

        CacheCommand.Freed all = CacheCommand.prune(home, 0, true);
        assertEquals(3, all.entries());
        assertEquals(2048L, all.directories().get("builds"));
        assertFalse(Files.exists(home.resolve("builds")));
        assertEquals(0, CacheCommand.usage(home).entries());
        assertEquals("removed builds/ (native build directories): 2.0 KiB freed", all.lines().get(1));
    }

    @Test
    void aCacheDirectoryThatDoesNotExistTakesNothingAndIsNotMade() throws Exception {
        Path missing = home.resolve("none");
        assertEquals(0, CacheCommand.usage(missing).entryBytes());
        assertEquals(List.of("removed 0 entries: 0 B freed", "removed builds/ (native build directories): 0 B freed",
                "removed zig/ (zig's cache): 0 B freed", "removed packages/ (package files): 0 B freed",
                "total: 0 B freed"), CacheCommand.prune(missing, 0, true).lines());
        assertFalse(Files.exists(missing));
    }

    @Test
    void aKeepStorageThatIsNoSizeIsAnInputError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, Main.run(new ByteArrayOutputStream(), err, "cache", "prune", "--keep-storage", "lots"));
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("--keep-storage"), message);
    }
}
