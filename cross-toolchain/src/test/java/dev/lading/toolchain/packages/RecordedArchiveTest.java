package dev.lading.toolchain.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.InputException;
import dev.lading.core.LadingException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client on recorded bytes nobody here wrote: a real trixie package and its real index paragraph, behind an
 * {@code InRelease} signed by a test key (see the fixture's README). Everything else about the archive protocol
 * is tested on archives made in the tests; this keeps the parsers honest about what Debian really publishes.
 */
class RecordedArchiveTest {
    private static final String DEB = "pool/main/g/gcc-14/libatomic1_14.2.0-19_arm64.deb";

    @TempDir
    Path dir;
    private FixtureArchive archive;

    @BeforeEach
    void serve() throws IOException, URISyntaxException {
        archive = new FixtureArchive();
        Path repo = fixture().resolve("repo");
        try (Stream<Path> files = Files.walk(repo)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                archive.files.put("/debian/" + repo.relativize(file), Files.readAllBytes(file));
            }
        }
    }

    @AfterEach
    void stop() {
        archive.close();
    }

    private static Path fixture() throws URISyntaxException {
        return Path.of(RecordedArchiveTest.class.getResource("/recorded-archive").toURI());
    }

    private DebianRepository repository(ArchiveKeys keys) {
        return new DebianRepository(archive.mirror(), keys, dir.resolve("cache"), null,
                new Fetcher(new OkHttpClient(), 2, Duration.ofMillis(1)));
    }

    private static ArchiveKeys testKeys() throws URISyntaxException {
        return ArchiveKeys.shipped().withKeyring(fixture().resolve("test-archive-key.asc"));
    }

    @Test
    void aRealPackageIsVerifiedResolvedFetchedAndUnpacked() throws Exception {
        DebianRepository repository = repository(testKeys());
        Release release = repository.release("lading-test");
        assertEquals("lading-test", release.codename());
        PackageUniverse universe = PackageUniverse.of("arm64", repository.packages(release, "main", "arm64"));
        PackageRecord atomic = universe.versions("libatomic1").get(0);
        assertEquals("14.2.0-19", atomic.version().toString());
        assertEquals("gcc-14", atomic.source());
        assertEquals("gcc-14-base (= 14.2.0-19), libc6 (>= 2.17)", Relation.format(atomic.depends()));
        assertEquals(PackageRecord.MultiArch.SAME, atomic.multiArch());

        Path deb = repository.deb(atomic.filename(), atomic.sha256(), atomic.size());
        assertEquals("libatomic1", DebArchive.open(deb).packageName());
        Sysroot sysroot = Sysroot.assemble(List.of(deb), dir.resolve("sysroot"));
        assertEquals("libatomic1", sysroot.owners().get("usr/lib/aarch64-linux-gnu/libatomic.so.1"));
        assertTrue(Files.isSymbolicLink(sysroot.root().resolve("usr/lib/aarch64-linux-gnu/libatomic.so.1")));
    }

    @Test
    void debiansKeysAloneDoNotTrustTheTestKey() {
        LadingException e = assertThrows(LadingException.class,
                () -> repository(ArchiveKeys.shipped()).release("lading-test"));
        assertTrue(e.getMessage().contains("InRelease"), e.getMessage());
        assertFalse(e instanceof InputException, "a failure, not bad input");
    }

    @Test
    void theRealPackageWithOneByteChangedIsRefusedAndNotKept() throws Exception {
        byte[] changed = archive.files.get("/debian/" + DEB).clone();
        changed[changed.length / 2] ^= 1;
        archive.files.put("/debian/" + DEB, changed);
        DebianRepository repository = repository(testKeys());
        PackageRecord atomic = PackageUniverse.of("arm64",
                repository.packages(repository.release("lading-test"), "main", "arm64")).versions("libatomic1").get(0);

        LadingException e = assertThrows(LadingException.class,
                () -> repository.deb(atomic.filename(), atomic.sha256(), atomic.size()));
        assertTrue(e.getMessage().contains("SHA-256 mismatch"), e.getMessage());
        try (Stream<Path> cached = Files.list(dir.resolve("cache/debs"))) {
            assertFalse(cached.findAny().isPresent(), "nothing kept");
        }
    }
}
