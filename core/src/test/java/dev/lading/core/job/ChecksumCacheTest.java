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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
}
