package dev.lading.core.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.attest.Checksums;
import dev.lading.core.store.OciLayout;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Checksums survive between builds for unchanged files, and are taken again for changed ones. */
class ChecksumCacheTest {
    @TempDir
    Path dir;

    private static Checksums direct(String text) throws IOException {
        return Checksums.of(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aLaterBuildReadsTheCacheAndAChangedFileIsHashedAgain() throws IOException {
        OciLayout store = OciLayout.openOrCreate(dir.resolve("store"));
        Path file = Files.writeString(dir.resolve("a.txt"), "first");
        ChecksumCache first = new ChecksumCache(store);
        assertEquals(direct("first"), first.of(file));
        first.save();
        Path saved = store.root().resolve("lading-cache/checksums.json");
        assertTrue(Files.readString(saved).contains(direct("first").sha256()));

        // a second build trusts the cache for the unchanged file: prove it by planting a different value there
        Files.writeString(saved, Files.readString(saved).replace(direct("first").sha256(), "0".repeat(64)));
        assertEquals("0".repeat(64), new ChecksumCache(store).of(file).sha256());

        Files.writeString(file, "second");
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 5000));
        Checksums changed = new ChecksumCache(store).of(file);
        assertEquals(direct("second"), changed);
        assertNotEquals("0".repeat(64), changed.sha256());
    }

    @Test
    void aDamagedCacheIsIgnored() throws IOException {
        OciLayout store = OciLayout.openOrCreate(dir.resolve("store"));
        Files.createDirectories(store.root().resolve("lading-cache"));
        Files.writeString(store.root().resolve("lading-cache/checksums.json"), "{not json");
        Path file = Files.writeString(dir.resolve("b.txt"), "bytes");
        assertEquals(direct("bytes"), new ChecksumCache(store).of(file));
    }

    /** The cache's one entry for {@code file} as saved: {@code "FINGERPRINT":{"sha256":...,"sha1":...}}. */
    private static String savedEntry(OciLayout store, Path file) throws IOException {
        ChecksumCache cache = new ChecksumCache(store);
        cache.of(file);
        cache.save();
        Path saved = store.root().resolve("lading-cache/checksums.json");
        String text = Files.readString(saved);
        Files.delete(saved);
        return text.substring(1, text.length() - 1);
    }

    private static String entry(String key, String content) throws IOException {
        return "\"" + key + "\":{\"sha256\":\"" + direct(content).sha256() + "\",\"sha1\":\""
                + direct(content).sha1() + "\"}";
    }

    @Test
    void theFileIsOneObjectWithSortedKeysAndTheDigestsInOrder() throws IOException {
        OciLayout store = OciLayout.openOrCreate(dir.resolve("store"));
        Path file = Files.writeString(dir.resolve("c.txt"), "new");
        String learnt = savedEntry(store, file);
        Path saved = store.root().resolve("lading-cache/checksums.json");
        // out of order, spaced, with a field it does not know, and keys that need escaping or sort by UTF-16 unit
        Files.writeString(saved, "{ \"~last\": {\"sha1\": \"" + direct("b").sha1() + "\", \"sha256\": \""
                + direct("b").sha256() + "\"},\n"
                + "  \"\\u00e9 \\\"q\\\"\\t\": " + entry("", "c").substring(3) + ",\n"
                + "  \"\uFF21\": " + entry("", "d").substring(3) + ",\n"
                + "  \"\uD83D\uDE00\": " + entry("", "e").substring(3) + ",\n"
                + "  " + entry("!first", "a").replace("}", ",\"extra\":[1,{\"x\":null}]}") + "\n}\n");

        ChecksumCache cache = new ChecksumCache(store);
        assertEquals(direct("new"), cache.of(file));
        cache.save();

        // the generator escapes a key's surrogate pair rather than write it as one UTF-8 sequence
        String expected = "{" + entry("!first", "a") + "," + learnt + "," + entry("~last", "b") + ","
                + entry("\u00e9 \\\"q\\\"\\t", "c") + "," + entry("\\uD83D\\uDE00", "e") + ","
                + entry("\uFF21", "d") + "}";
        assertEquals(expected, Files.readString(saved));
    }

    /** Each a cache file that plants wrong digests for the file ({@code %s}, the entry) and damages the rest. */
    static Stream<String> damaged() throws IOException {
        return Stream.of(
                "",
                "\0\1\2 not json {%s}",
                "null",
                "[{%s}]",
                "{%s,\"other\":\"a string\"}",
                "{\"other\":[],%s}",
                "{%s,\"other\":{\"sha256\":\"" + direct("x").sha256() + "\"}}",
                "{%s,\"other\":{\"sha1\":\"" + direct("x").sha1() + "\"}}",
                "{%s,\"other\":{\"sha256\":\"" + direct("x").sha256() + "\",\"sha1\":\"XYZ\"}}",
                "{%s,\"other\":{\"sha256\":null,\"sha1\":\"" + direct("x").sha1() + "\"}}",
                "{%s,\"other\":{\"sha256\":[],\"sha1\":\"" + direct("x").sha1() + "\"}}",
                "{%s,\"other\":{\"sha256\":");
    }

    @ParameterizedTest
    @MethodSource("damaged")
    void aDamagedOrUnexpectedFileMeansAnEmptyCache(String damaged) throws IOException {
        OciLayout store = OciLayout.openOrCreate(dir.resolve("store"));
        Path file = Files.writeString(dir.resolve("d.txt"), "bytes");
        String planted = savedEntry(store, file).replace(direct("bytes").sha256(), "0".repeat(64));
        Path saved = store.root().resolve("lading-cache/checksums.json");
        Files.writeString(saved, "{" + planted + "}");
        assertEquals("0".repeat(64), new ChecksumCache(store).of(file).sha256());

        Files.writeString(saved, damaged.formatted(planted));
        assertEquals(direct("bytes"), new ChecksumCache(store).of(file));
    }
}
