package dev.lading.toolchain.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.layer.LayerEntry;
import dev.lading.toolchain.RequiresToolchain;
import java.io.IOException;
import java.io.InputStream;
import java.security.cert.CertificateFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real arm64 packages of Debian trixie from the mirror of the apt sources, against dpkg-deb, clang and qemu: a
 * sysroot that a zlib program links against, and a runtime layer's tree it runs on.
 */
@RequiresToolchain
class SysrootMirrorTest {
    @TempDir
    static Path shared;
    static List<Path> debs;
    static Sysroot sysroot;
    static Path program;

    @TempDir
    Path temp;

    @BeforeAll
    static void sysrootAndProgram() throws Exception {
        debs = MirrorDebs.fetch("arm64", "libc6", "libc6-dev", "linux-libc-dev", "libgcc-s1",
                "libgcc-14-dev", "zlib1g", "zlib1g-dev");
        sysroot = Sysroot.assemble(debs, shared.resolve("sysroot"));
        // the linker scripts (libc.so names /lib/aarch64-linux-gnu/libc.so.6) resolve inside the sysroot
        Path source = Files.writeString(shared.resolve("crc.c"), """
                #include <stdio.h>
                #include <string.h>
                #include <zlib.h>
                int main(void) {
                    const char *text = "hello";
                    printf("crc32=%08lx zlib=%s\\n", crc32(0L, (const unsigned char *) text, strlen(text)),
                           zlibVersion());
                    return 0;
                }
                """);
        program = shared.resolve("crc");
        run(shared, "clang", "--target=aarch64-linux-gnu", "--sysroot=" + sysroot.root(), "-fuse-ld=lld", "-o",
                program.toString(), source.toString(), "-lz");
    }

    @Test
    void aSysrootOfRealPackagesMatchesDpkgAndLinksAProgramThatRunsUnderQemu() throws Exception {
        Path root = sysroot.root();

        Path dpkg = Files.createDirectories(temp.resolve("dpkg"));
        for (Path deb : debs) {
            run(temp, "dpkg-deb", "-x", deb.toString(), dpkg.toString());
        }
        Map<String, String> ours = describe(root);
        Map<String, String> theirs = describe(dpkg);
        for (String name : DebTree.MERGED_USR) {
            if (Files.isDirectory(dpkg.resolve("usr").resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                assertEquals("link usr/" + name, ours.remove(name), name);
            }
        }
        assertEquals(theirs.keySet(), ours.keySet());
        for (Map.Entry<String, String> entry : theirs.entrySet()) {
            String path = entry.getKey();
            String expected = entry.getValue();
            if (expected.startsWith("link /")) {
                // made relative: it must name the same path inside the root
                Path link = root.resolve(path);
                Path target = link.getParent().resolve(Files.readSymbolicLink(link)).normalize();
                assertEquals(root.resolve(expected.substring(6)).normalize(), target, path);
            } else {
                assertEquals(expected, ours.get(path), path);
            }
        }
        assertEquals("zlib1g", sysroot.owners().get("usr/lib/aarch64-linux-gnu/libz.so.1"));
        assertEquals("libc6", sysroot.ownerOf("libc.so.6", List.of("lib/aarch64-linux-gnu",
                "usr/lib/aarch64-linux-gnu")).orElseThrow());

        assertTrue(Files.readString(root.resolve("usr/lib/aarch64-linux-gnu/libc.so")).contains("GROUP ("));
        String output = run(temp, "qemu-aarch64-static", "-L", root.toString(), program.toString());
        assertTrue(output.startsWith("crc32=3610a686 zlib=1.3"), output);
    }

    @Test
    void theProgramRunsOnTheRuntimeLayerOfRealPackages() throws Exception {
        List<Path> runtime = MirrorDebs.fetch("arm64", "libc6", "zlib1g", "ca-certificates");
        RuntimeLayer.Result layer = RuntimeLayer.build(runtime, temp.resolve("runtime"));
        Map<String, LayerEntry> entries = new TreeMap<>();
        layer.tree().entries().forEach(entry -> entries.put(entry.path(), entry));
        assertEquals("usr/lib", entries.get("lib").linkTarget());
        assertTrue(entries.containsKey("usr/lib/aarch64-linux-gnu/libz.so.1"));
        assertTrue(entries.containsKey("usr/share/doc/zlib1g/copyright"));
        assertFalse(entries.keySet().stream().anyMatch(path -> path.startsWith("usr/share/man/")));
        for (String pkg : List.of("libc6", "zlib1g", "ca-certificates")) {
            String status = read(entries.get("var/lib/dpkg/status.d/" + pkg));
            assertTrue(status.startsWith("Package: " + pkg + "\nStatus: install ok installed\n"), status);
            assertTrue(entries.containsKey("var/lib/dpkg/status.d/" + pkg + ".md5sums"), pkg);
        }
        // the bundle holds every certificate the package ships
        long shipped = entries.keySet().stream()
                .filter(path -> path.startsWith("usr/share/ca-certificates/") && path.endsWith(".crt")).count();
        try (InputStream bundle = entries.get("etc/ssl/certs/ca-certificates.crt").content().open()) {
            assertEquals(shipped, CertificateFactory.getInstance("X.509").generateCertificates(bundle).size());
        }
        assertTrue(shipped > 100, "certificates: " + shipped);
        assertEquals(List.of(), layer.warnings());
        // the unpacked tree is a root file system the program runs on, with the image's own loader and zlib
        String output = run(temp, "qemu-aarch64-static", "-L", layer.unpacked().root().toString(),
                program.toString());
        assertTrue(output.startsWith("crc32=3610a686 zlib=1.3"), output);
    }

    private static String read(LayerEntry entry) throws IOException {
        try (InputStream in = entry.content().open()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Every path below {@code root}: "dir", "file " + its bytes in hex digest form, or "link " + target. */
    private static Map<String, String> describe(Path root) throws IOException {
        Map<String, String> tree = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.skip(1).toList()) {
                String name = root.relativize(path).toString();
                if (Files.isSymbolicLink(path)) {
                    tree.put(name, "link " + Files.readSymbolicLink(path));
                } else if (Files.isDirectory(path)) {
                    tree.put(name, "dir");
                } else {
                    tree.put(name, "file " + MirrorDebs.sha256(path)
                            + " " + Integer.toOctalString(mode(path)));
                }
            }
        }
        return tree;
    }

    private static int mode(Path file) throws IOException {
        return (Integer) Files.getAttribute(file, "unix:mode") & 0777;
    }

    private static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), String.join(" ", command) + ":\n" + output);
        return output;
    }
}
