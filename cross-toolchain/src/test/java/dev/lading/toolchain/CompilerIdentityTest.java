package dev.lading.toolchain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A compiler's identity without its path: the build id of its binary, or the binary's hash, remembered. */
class CompilerIdentityTest {
    @TempDir
    Path dir;

    @Test
    @RequiresToolchain
    void theBuildIdIsTheOneReadelfReads() throws Exception {
        Path clang = Path.of("/usr/bin/clang").toRealPath();
        Process readelf = new ProcessBuilder("readelf", "-n", clang.toString()).redirectErrorStream(true).start();
        String notes = new String(readelf.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, readelf.waitFor(), notes);
        Matcher id = Pattern.compile("Build ID: ([0-9a-f]+)").matcher(notes);
        assertTrue(id.find(), notes);
        assertEquals(Optional.of(id.group(1)), CompilerIdentity.buildId(clang));
        assertEquals("build-id:" + id.group(1), CompilerIdentity.binaryIdentity(clang, dir.resolve("hashes")));
    }

    @Test
    void aBinaryWithoutABuildIdIsHashedOnceForItsSizeAndTime() throws Exception {
        Path binary = dir.resolve("zig");
        Files.writeString(binary, "#!/bin/sh\n# not an ELF file\n");
        FileTime time = Files.getLastModifiedTime(binary);
        assertEquals(Optional.empty(), CompilerIdentity.buildId(binary));
        Path hashes = dir.resolve("cache/compiler-hashes");
        String identity = CompilerIdentity.binaryIdentity(binary, hashes);
        assertEquals("sha256:" + FileHashes.sha256(binary), identity);

        // same size and time: the remembered hash, not a new read
        Files.writeString(binary, "#!/bin/sh\n# NOT AN ELF FILE\n");
        Files.setLastModifiedTime(binary, time);
        assertEquals(identity, CompilerIdentity.binaryIdentity(binary, hashes));
        Files.setLastModifiedTime(binary, FileTime.fromMillis(time.toMillis() + 1000));
        assertEquals("sha256:" + FileHashes.sha256(binary), CompilerIdentity.binaryIdentity(binary, hashes));
    }
}
