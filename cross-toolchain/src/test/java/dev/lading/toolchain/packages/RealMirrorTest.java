package dev.lading.toolchain.packages;

import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Debian's real archive, through the mirror this machine's apt uses: real signatures, indexes and packages. */
class RealMirrorTest {
    @TempDir
    Path cache;

    @Test
    void trixieVerifiedWithTheShippedKeysAndAnArm64PackageFetched() throws IOException {
        Optional<URI> mirror = PackageMirror.fromApt(Path.of("/etc/apt"));
        assertTrue(mirror.isPresent(), "no Debian apt source on this machine: the tests read the Debian mirror from them");
        DebianRepository repository = new DebianRepository(mirror.get(), ArchiveKeys.shipped(), cache, null,
                new OkHttpClient());

        Release release = repository.release("trixie");
        assertEquals("trixie", release.codename());
        assertTrue(release.architectures().containsAll(
                List.of("amd64", "arm64", "armhf", "armel", "i386", "riscv64", "ppc64el", "s390x")),
                release.architectures().toString());
        Release.IndexFile index = release.file("main/binary-arm64/Packages.xz").orElseThrow();

        long start = System.nanoTime();
        List<Deb822.Paragraph> packages = repository.packages(release, "main", "arm64");
        long fetchAndParse = System.nanoTime() - start;
        start = System.nanoTime();
        List<Deb822.Paragraph> again = PackageIndex.readXz(
                cache.resolve("indexes/sha256-" + index.sha256() + ".xz"), "arm64 index", new PackageIndex.Pool());
        long parse = System.nanoTime() - start;
        System.out.printf("arm64 Packages.xz: %d bytes, %d paragraphs; fetch+check+parse %d ms, parse alone %d ms%n",
                index.size(), packages.size(), fetchAndParse / 1_000_000, parse / 1_000_000);
        assertEquals(packages.size(), again.size());
        assertTrue(packages.size() > 50_000, "only " + packages.size() + " paragraphs");
        Deb822.Paragraph libc6 = packages.stream().filter(p -> p.get("Package").equals("libc6")).findFirst()
                .orElseThrow();
        assertEquals("arm64", libc6.get("Architecture"));
        assertEquals("same", libc6.get("Multi-Arch"));
        assertTrue(libc6.get("Filename").startsWith("pool/main/g/glibc/libc6_"), libc6.get("Filename"));

        Deb822.Paragraph small = packages.stream().filter(p -> p.get("Architecture").equals("arm64"))
                .min(Comparator.comparingLong(p -> Long.parseLong(p.get("Size")))).orElseThrow();
        long before = repository.requests();
        Path deb = repository.deb(small.get("Filename"), small.get("SHA256"), Long.parseLong(small.get("Size")));
        assertEquals(small.get("SHA256"), FixtureArchive.sha256(Files.readAllBytes(deb)));
        assertEquals("!<arch>\n", new String(Files.readAllBytes(deb), 0, 8, java.nio.charset.StandardCharsets.US_ASCII));
        assertTrue(repository.requests() > before);
        DebianRepository warm = new DebianRepository(mirror.get(), ArchiveKeys.shipped(), cache, null,
                new OkHttpClient());
        assertEquals(deb, warm.deb(small.get("Filename"), small.get("SHA256"), Long.parseLong(small.get("Size"))));
        assertEquals(0, warm.requests());
    }
}
