package dev.lading.toolchain.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.LadingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SysrootTest {
    @TempDir
    Path temp;
    Path debs;
    Path cache;
    Path outside;

    @BeforeEach
    void layout() throws IOException {
        debs = Files.createDirectories(temp.resolve("debs"));
        cache = Files.createDirectories(temp.resolve("cache"));
        outside = Files.createDirectories(temp.resolve("outside"));
    }

    @Test
    void unpacksFilesModesLinksAndOwners() throws IOException {
        Path zlib = TestDebs.named("zlib1g")
                .dir("./", 0755).dir("./usr/", 0755).dir("./usr/lib/", 0755).dir("./usr/lib/aarch64-linux-gnu/", 0755)
                .file("./usr/lib/aarch64-linux-gnu/libz.so.1.3.1", 0644, "ELF zlib")
                .symlink("./usr/lib/aarch64-linux-gnu/libz.so.1", "libz.so.1.3.1")
                .dir("./usr/bin", 0755).file("./usr/bin/tool", 04755, "#!/bin/sh\n")
                .hardlink("./usr/bin/tool-again", "./usr/bin/tool")
                .write(debs);
        Path dev = TestDebs.named("zlib1g-dev")
                .symlink("./usr/lib/aarch64-linux-gnu/libz.so", "/lib/aarch64-linux-gnu/libz.so.1")
                .file("usr//include/./zlib.h", 0644, "#define ZLIB 1\n")
                .write(debs);
        Sysroot sysroot = Sysroot.assemble(List.of(zlib, dev), cache.resolve("s1"));
        Path root = sysroot.root();
        assertEquals("ELF zlib", Files.readString(root.resolve("usr/lib/aarch64-linux-gnu/libz.so.1")));
        assertEquals("#define ZLIB 1\n", Files.readString(root.resolve("usr/include/zlib.h")));
        // the absolute target is made relative to the link and reaches the file through the merged-/usr link
        Path devLink = root.resolve("usr/lib/aarch64-linux-gnu/libz.so");
        assertEquals("../../../lib/aarch64-linux-gnu/libz.so.1", Files.readSymbolicLink(devLink).toString());
        assertEquals("ELF zlib", Files.readString(devLink));
        assertEquals("usr/lib", Files.readSymbolicLink(root.resolve("lib")).toString());
        assertEquals("usr/bin", Files.readSymbolicLink(root.resolve("bin")).toString());
        assertFalse(Files.exists(root.resolve("sbin"), LinkOption.NOFOLLOW_LINKS), "no usr/sbin, so no sbin link");
        // modes kept within 0777 (set-id bits are no business of a sysroot); hard links become copies
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(root.resolve("usr/bin/tool"))));
        assertEquals("#!/bin/sh\n", Files.readString(root.resolve("usr/bin/tool-again")));
        assertFalse(Files.isSameFile(root.resolve("usr/bin/tool"), root.resolve("usr/bin/tool-again")));
        Map<String, String> owners = sysroot.owners();
        assertEquals("zlib1g", owners.get("usr/lib/aarch64-linux-gnu/libz.so.1"));
        assertEquals("zlib1g-dev", owners.get("usr/lib/aarch64-linux-gnu/libz.so"));
        assertEquals("zlib1g-dev", owners.get("usr/include/zlib.h"));
        assertEquals("zlib1g", sysroot.ownerOf("libz.so.1", List.of("lib/aarch64-linux-gnu",
                "usr/lib/aarch64-linux-gnu")).orElseThrow());
        assertEquals(List.of("zlib1g", "zlib1g-dev"),
                sysroot.packages().stream().map(UnpackedDebs.Package::name).toList());
        assertEquals("test package\na second line\n.\nafter a blank one",
                sysroot.packages().get(0).control().get("Description"));
        // nothing besides the finished directory: no temporaries, no staging
        assertEquals(List.of("s1"), list(cache));
        assertEquals(List.of("root", UnpackedDebs.MANIFEST), list(cache.resolve("s1")));
    }

    @Test
    void anExistingDirectoryIsReusedAsItIs() throws IOException {
        Path deb = TestDebs.named("a").file("./usr/share/a", 0644, "one").write(debs);
        Sysroot first = Sysroot.assemble(List.of(deb), cache.resolve("s"));
        Files.delete(deb); // not read again: the directory stands for it
        Sysroot second = Sysroot.assemble(List.of(deb), cache.resolve("s"));
        assertEquals(first.owners(), second.owners());
        assertEquals("one", Files.readString(second.root().resolve("usr/share/a")));
    }

    @Test
    void theLaterPackageWinsAPathBothShip() throws IOException {
        Path one = TestDebs.named("one").file("./usr/share/same", 0644, "same").file("./usr/share/x", 0644, "first")
                .write(debs);
        Path two = TestDebs.named("two").file("./usr/share/same", 0644, "same").file("./usr/share/x", 0644, "second")
                .write(debs);
        Sysroot sysroot = Sysroot.assemble(List.of(one, two), cache.resolve("s"));
        assertEquals("second", Files.readString(sysroot.root().resolve("usr/share/x")));
        assertEquals("two", sysroot.owners().get("usr/share/x"));
    }

    @Test
    void anEntryWithDotDotIsRefusedAndNothingIsLeft() throws IOException {
        Path deb = TestDebs.named("evil").file("./usr/ok", 0644, "ok").file("./../outside/escaped", 0644, "x")
                .write(debs);
        LadingException e = assertThrows(LadingException.class,
                () -> Sysroot.assemble(List.of(deb), cache.resolve("s")));
        assertTrue(e.getMessage().contains("evil") && e.getMessage().contains("../outside/escaped"),
                e.getMessage());
        assertNothingLeft();
    }

    @Test
    void anAbsoluteSymlinkOutOfTheRootResolvesInsideIt() throws IOException {
        Path deb = TestDebs.named("links").dir("./etc", 0755).file("./etc/passwd", 0644, "inside")
                .symlink("./usr/share/evil", "/etc/passwd")
                .symlink("./usr/share/outside", outside.toString())
                .write(debs);
        Path root = Sysroot.assemble(List.of(deb), cache.resolve("s")).root();
        Path evil = root.resolve("usr/share/evil");
        assertEquals("../../etc/passwd", Files.readSymbolicLink(evil).toString());
        assertEquals("inside", Files.readString(evil));
        Path link = root.resolve("usr/share/outside");
        assertTrue(link.getParent().resolve(Files.readSymbolicLink(link)).normalize().startsWith(root));
    }

    @Test
    void aRelativeSymlinkClimbingOutIsRefused() throws IOException {
        Path deb = TestDebs.named("climber").symlink("./usr/share/up", "../../../outside/secret").write(debs);
        LadingException e = assertThrows(LadingException.class,
                () -> Sysroot.assemble(List.of(deb), cache.resolve("s")));
        assertTrue(e.getMessage().contains("climber") && e.getMessage().contains("usr/share/up"), e.getMessage());
        assertNothingLeft();
    }

    @Test
    void aFileUnderASymlinkedDirectoryNeverLandsOutside() throws IOException {
        // the link comes from one package, the file under it from the next
        Path link = TestDebs.named("linker").symlink("./usr/dir", outside.toString()).write(debs);
        Path file = TestDebs.named("writer").file("./usr/dir/planted", 0644, "x").write(debs);
        Path root = Sysroot.assemble(List.of(link, file), cache.resolve("s")).root();
        assertEquals(List.of(), list(outside));
        assertEquals("x", Files.readString(root.resolve(outside.toString().substring(1)).resolve("planted")));
        assertEquals("x", Files.readString(root.resolve("usr/dir/planted")));
    }

    @Test
    void aFileUnderARelativeSymlinkThatClimbsOutIsRefused() throws IOException {
        Path deb = TestDebs.named("sneaky").symlink("./usr/dir", "../../outside").file("./usr/dir/planted", 0644, "x")
                .write(debs);
        LadingException e = assertThrows(LadingException.class,
                () -> Sysroot.assemble(List.of(deb), cache.resolve("s")));
        assertTrue(e.getMessage().contains("sneaky") && e.getMessage().contains("usr/dir/planted"), e.getMessage());
        assertNothingLeft();
    }

    @Test
    void aTruncatedDataPartFailsNamingTheFile() throws IOException {
        Path cut = TestDebs.named("cut").file("./usr/share/big", 0644, "x".repeat(100_000)).truncateData(20)
                .write(debs);
        LadingException e = assertThrows(LadingException.class,
                () -> Sysroot.assemble(List.of(cut), cache.resolve("s")));
        assertTrue(e.getMessage().contains(cut.toString()), e.getMessage());
        assertNothingLeft();
    }

    @Test
    void aFileCutShortFailsNamingTheFile() throws IOException {
        Path ok = TestDebs.named("ok").file("./usr/share/ok", 0644, "fine").write(debs);
        Path cut = TestDebs.named("short").file("./usr/share/big", 0644, "y".repeat(100_000)).truncateFile(30)
                .write(debs);
        LadingException e = assertThrows(LadingException.class,
                () -> Sysroot.assemble(List.of(ok, cut), cache.resolve("s")));
        assertTrue(e.getMessage().contains(cut.toString()) && e.getMessage().contains("truncated"), e.getMessage());
        assertNothingLeft();
    }

    @Test
    void aBadFormatVersionFailsNamingTheFile() throws IOException {
        Path bad = TestDebs.named("future").format("3.0\n").file("./usr/share/x", 0644, "x").write(debs);
        LadingException e = assertThrows(LadingException.class,
                () -> Sysroot.assemble(List.of(bad), cache.resolve("s")));
        assertEquals("malformed .deb " + bad + ": its format is '3.0', not 2.x", e.getMessage());
        assertNothingLeft();
    }

    @Test
    void aMissingPackageFileFailsNamingIt() throws IOException {
        Path ok = TestDebs.named("ok").file("./usr/share/ok", 0644, "fine").write(debs);
        Path missing = debs.resolve("gone_1.0_arm64.deb");
        LadingException e = assertThrows(LadingException.class,
                () -> Sysroot.assemble(List.of(ok, missing), cache.resolve("s")));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertNothingLeft();
    }

    @Test
    void aLeftoverOfAKilledRunIsNotTrusted() throws IOException {
        Files.createDirectories(cache.resolve("s.tmp-999999999-1/root"));
        Path deb = TestDebs.named("a").file("./usr/share/a", 0644, "a").write(debs);
        Sysroot sysroot = Sysroot.assemble(List.of(deb), cache.resolve("s"));
        assertEquals("a", Files.readString(sysroot.root().resolve("usr/share/a")));
    }

    @Test
    void aPackageStillShippingTopLevelLibLandsInUsrLib() throws IOException {
        Path libc = TestDebs.named("libc").file("./usr/lib/ld.so.1", 0755, "loader").write(debs);
        Path old = TestDebs.named("old").dir("./lib", 0755).dir("./lib/x", 0755).file("./lib/x/libold.so.1", 0644, "old")
                .write(debs);
        Sysroot sysroot = Sysroot.assemble(List.of(libc, old), cache.resolve("s"));
        Path root = sysroot.root();
        assertTrue(Files.isSymbolicLink(root.resolve("lib")));
        assertEquals("old", Files.readString(root.resolve("usr/lib/x/libold.so.1")));
        assertEquals("old", sysroot.owners().get("usr/lib/x/libold.so.1"));
        assertEquals("loader", Files.readString(root.resolve("lib/ld.so.1")));
    }

    @Test
    void aSymlinkLoopEndsInARefusalNotAHang() throws IOException {
        Path deb = TestDebs.named("loop").symlink("./usr/a", "b").symlink("./usr/b", "a").file("./usr/a/f", 0644, "x")
                .write(debs);
        LadingException e = assertThrows(LadingException.class,
                () -> Sysroot.assemble(List.of(deb), cache.resolve("s")));
        assertTrue(e.getMessage().contains("loop") && e.getMessage().contains("usr/a/f"), e.getMessage());
        assertNothingLeft();
    }

    @Test
    void twoRunsAssemblingTheSameDirectoryAgreeOnOne() throws Exception {
        Path deb = TestDebs.named("a").file("./usr/share/a", 0644, "a".repeat(1 << 20)).write(debs);
        Path target = cache.resolve("s");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            var first = pool.submit(() -> Sysroot.assemble(List.of(deb), target));
            var second = pool.submit(() -> Sysroot.assemble(List.of(deb), target));
            assertEquals(first.get().owners(), second.get().owners());
        } finally {
            pool.shutdown();
        }
        assertEquals(List.of("s"), list(cache));
        assertEquals(1 << 20, Files.size(target.resolve("root/usr/share/a")));
    }

    /** No sysroot, no temporary directory, nothing written outside. */
    private void assertNothingLeft() throws IOException {
        assertEquals(List.of(), list(cache));
        assertEquals(List.of(), list(outside));
        assertEquals(List.of("cache", "debs", "outside"), list(temp));
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }
}
