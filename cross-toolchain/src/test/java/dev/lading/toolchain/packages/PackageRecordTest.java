package dev.lading.toolchain.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.InputException;
import dev.lading.core.LadingException;
import dev.lading.toolchain.packages.PackageRecord.MultiArch;
import dev.lading.toolchain.packages.PackageRecord.Provide;
import java.util.List;
import org.junit.jupiter.api.Test;

class PackageRecordTest {
    /** An entry as the archive's arm64 index writes it (description shortened). */
    private static final String LIBSSL = """
            Package: libssl3t64
            Source: openssl (3.5.1-1)
            Version: 3.5.1-1+b1
            Installed-Size: 6404
            Architecture: arm64
            Multi-Arch: same
            Replaces: libssl3
            Provides: libssl3 (= 3.5.1-1+b1)
            Depends: libc6 (>= 2.38), libzstd1 (>= 1.5.5), zlib1g (>= 1:1.1.4)
            Pre-Depends: debconf
            Breaks: libssl3 (<< 3.0.13-2~)
            Description: Secure Sockets Layer toolkit - shared libraries
             This package is part of the OpenSSL project's implementation.
            Homepage: https://www.openssl.org/
            Section: libs
            Priority: optional
            Filename: pool/main/o/openssl/libssl3t64_3.5.1-1+b1_arm64.deb
            Size: 1942528
            MD5sum: 0b4d2c1a4b9f4c6f9a9d7e1e8d3c2b1a
            SHA256: 7C1E3F3D0C9A0E2B8D7F6A5B4C3D2E1F0A9B8C7D6E5F4A3B2C1D0E9F8A7B6C5D
            """;

    @Test
    void readsWhatTheResolverAndTheDownloaderNeed() {
        PackageRecord record = PackageRecord.of(Deb822.parse(LIBSSL).get(0));
        assertEquals("libssl3t64", record.name());
        assertEquals("3.5.1-1+b1", record.version().toString());
        assertEquals("arm64", record.architecture());
        assertEquals(MultiArch.SAME, record.multiArch());
        assertEquals("libc6 (>= 2.38), libzstd1 (>= 1.5.5), zlib1g (>= 1:1.1.4)", Relation.format(record.depends()));
        assertEquals("debconf", Relation.format(record.preDepends()));
        assertEquals(List.of(new Provide("libssl3", DebianVersion.parse("3.5.1-1+b1"))), record.provides());
        assertEquals("pool/main/o/openssl/libssl3t64_3.5.1-1+b1_arm64.deb", record.filename());
        assertEquals(1942528, record.size());
        assertEquals("7c1e3f3d0c9a0e2b8d7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d", record.sha256());
        assertEquals("openssl", record.source());
        assertEquals("3.5.1-1", record.sourceVersion().toString());
        assertFalse(record.essential());
        assertEquals("optional", record.priority());
    }

    @Test
    void debianDefaults() {
        PackageRecord record = PackageRecord.of(Indexes.complete(Deb822.parse("""
                Package: base-files
                Version: 13.8
                Essential: yes
                Multi-Arch: no
                """).get(0), "amd64"));
        assertEquals("base-files", record.source());
        assertEquals(record.version(), record.sourceVersion());
        assertEquals("optional", record.priority());
        assertTrue(record.essential());
        assertEquals(MultiArch.NONE, record.multiArch());
        assertEquals(List.of(), record.depends());
        PackageRecord namedSource = PackageRecord.of(Indexes.complete(Deb822.parse("""
                Package: libz-mingw-w64
                Version: 1.3.1+dfsg-1
                Source: zlib
                Provides: libz-abi, libz1 (= 1:1.3.1)
                """).get(0), "all"));
        assertEquals("zlib", namedSource.source());
        assertEquals("1.3.1+dfsg-1", namedSource.sourceVersion().toString());
        assertNull(namedSource.provides().get(0).version());
        assertEquals("libz1 (= 1:1.3.1)", namedSource.provides().get(1).toString());
    }

    @Test
    void aBrokenEntryNamesThePackageAndTheField() {
        assertRefused(LIBSSL.replace("SHA256: 7C", "SHA256: 7"), "package libssl3t64: SHA256:");
        assertRefused(LIBSSL.replace("Size: 1942528\n", ""), "package libssl3t64: Size: no Size field");
        assertRefused(LIBSSL.replace("Version: 3.5.1-1+b1", "Version: 3.5.1_1"), "package libssl3t64: Version:");
        assertRefused(LIBSSL.replace("zlib1g (>= 1:1.1.4)", "zlib1g (>= 1:1.1.4"), "package libssl3t64: Depends:");
        assertRefused(LIBSSL.replace("libssl3 (= 3.5.1-1+b1)", "libssl3 (>= 3)"), "package libssl3t64: Provides:");
        assertRefused(LIBSSL.replace("Multi-Arch: same", "Multi-Arch: sometimes"), "package libssl3t64: Multi-Arch:");
        assertRefused(LIBSSL.replace("Source: openssl (3.5.1-1)", "Source: openssl (3.5.1-1"),
                "package libssl3t64: Source:");
        PackageUniverse universe = PackageUniverse.of("arm64", Deb822.parse(LIBSSL.replace("Size: 1942528",
                "Size: big") + "\nPackage: zlib1g\nVersion: 1\nArchitecture: arm64\n"));
        assertEquals(2, universe.size());
        LadingException e = assertThrows(LadingException.class, () -> universe.versions("libssl3t64"));
        assertFalse(e instanceof InputException, "the archive's index is not the user's input");
        assertTrue(e.getMessage().startsWith("unreadable entry in the arm64 Packages index: package libssl3t64: Size"),
                e.getMessage());
    }

    private static void assertRefused(String paragraph, String start) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PackageRecord.of(Deb822.parse(paragraph).get(0)));
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
    }
}
