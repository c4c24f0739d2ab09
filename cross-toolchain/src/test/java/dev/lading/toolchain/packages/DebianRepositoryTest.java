package dev.lading.toolchain.packages;

import dev.lading.core.InputException;
import dev.lading.core.LadingException;

import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DebianRepositoryTest {
    private static final TestKey KEY = TestKey.generate("Lading Test Archive <archive@example.org>");
    private static final TestKey STRANGER = TestKey.generate("Someone Else <else@example.org>");
    private static final OkHttpClient HTTP = new OkHttpClient();

    @TempDir
    Path dir;
    private FixtureArchive archive;
    private ArchiveKeys keys;
    private String index;

    @BeforeEach
    void publish() throws IOException {
        archive = new FixtureArchive();
        index = String.join("\n", archive.addPackage("libhello1", "1.0-1", "amd64", "libc6 (>= 2.34)"),
                archive.addPackage("libhello1", "1.1-1", "amd64", "libc6 (>= 2.36)"),
                archive.addPackage("hello-tools", "2.0", "amd64", "libhello1 (= 1.1-1) | libhello-alt"));
        archive.publish(List.of(index), KEY, "");
        Path keyring = dir.resolve("test.asc");
        Files.write(keyring, KEY.publicKeyring(true));
        keys = ArchiveKeys.shipped().withKeyring(keyring);
    }

    @AfterEach
    void stop() {
        archive.close();
    }

    private DebianRepository repository(URI snapshot) {
        return new DebianRepository(archive.mirror(), keys, dir.resolve("cache"), snapshot,
                new Fetcher(HTTP, 3, Duration.ofMillis(1)));
    }

    private static final String INDEX = "/debian/dists/trixie/main/binary-amd64/Packages.xz";
    private static final String RELEASE = "/debian/dists/trixie/InRelease";

    @Test
    void verifiesTheReleaseAndReadsItsFields() {
        Release release = repository(null).release("trixie");
        assertEquals("trixie", release.codename());
        assertEquals("stable", release.suite());
        assertEquals(List.of("amd64", "arm64"), release.architectures());
        assertEquals(List.of("main", "contrib"), release.components());
        assertTrue(release.acquireByHash());
        assertNull(release.validUntil());
        assertEquals("2025-08-09T09:12:32Z", release.date().toString());
        Release.IndexFile xz = release.file("main/binary-amd64/Packages.xz").orElseThrow();
        assertEquals(archive.files.get(INDEX).length, xz.size());
        assertEquals(FixtureArchive.sha256(archive.files.get(INDEX)), xz.sha256());
    }

    @Test
    void readsTheIndexByHashKeepsBothVersionsAndOnlyTheResolversFields() {
        DebianRepository repository = repository(null);
        List<Deb822.Paragraph> packages = repository.packages(repository.release("trixie"), "main", "amd64");
        assertEquals(3, packages.size());
        assertEquals(List.of("1.0-1", "1.1-1"), packages.stream().filter(p -> p.get("Package").equals("libhello1"))
                .map(p -> p.get("Version")).toList());
        Deb822.Paragraph tools = packages.get(2);
        assertEquals("libhello1 (= 1.1-1) | libhello-alt", tools.get("Depends"));
        assertEquals("same", tools.get("Multi-Arch"));
        assertEquals("hello-tools-src", tools.get("Source"));
        assertNull(tools.get("Description"));
        assertNull(tools.get("Maintainer"));
        assertTrue(PackageIndex.FIELDS.containsAll(tools.fields().keySet()));
        String sha = FixtureArchive.sha256(archive.files.get(INDEX));
        assertEquals(1, archive.served("/debian/dists/trixie/main/binary-amd64/by-hash/SHA256/" + sha));
        assertEquals(0, archive.served(INDEX));
        assertTrue(Files.isRegularFile(dir.resolve("cache/indexes/sha256-" + sha + ".xz")));
    }

    @Test
    void aCachedIndexNeedsOnlyTheRelease() {
        DebianRepository first = repository(null);
        first.packages(first.release("trixie"), "main", "amd64");
        DebianRepository second = repository(null);
        assertEquals(3, second.packages(second.release("trixie"), "main", "amd64").size());
        assertEquals(1, second.requests()); // the InRelease, never the index again
    }

    @Test
    void fallsBackToThePlainIndexNameWhenByHashIsMissing() {
        String sha = FixtureArchive.sha256(archive.files.get(INDEX));
        archive.files.remove("/debian/dists/trixie/main/binary-amd64/by-hash/SHA256/" + sha);
        DebianRepository repository = repository(null);
        assertEquals(3, repository.packages(repository.release("trixie"), "main", "amd64").size());
        assertEquals(1, archive.served(INDEX));
    }

    @Test
    void anArchitectureTheReleaseLacksIsBadInput() {
        DebianRepository repository = repository(null);
        InputException e = assertThrows(InputException.class,
                () -> repository.packages(repository.release("trixie"), "main", "riscv64"));
        assertTrue(e.getMessage().contains("main/binary-riscv64/Packages.xz"), e.getMessage());
    }

    @Test
    void anUnknownSuiteIsBadInput() {
        InputException e = assertThrows(InputException.class, () -> repository(null).release("sid"));
        assertTrue(e.getMessage().contains("'sid'"), e.getMessage());
    }

    @Test
    void aChangedByteOfSignedTextIsABadSignature() {
        byte[] signed = archive.files.get(RELEASE);
        String text = new String(signed, StandardCharsets.UTF_8).replace("Version: 13.0", "Version: 13.1");
        archive.files.put(RELEASE, text.getBytes(StandardCharsets.UTF_8));
        LadingException e = assertThrows(LadingException.class, () -> repository(null).release("trixie"));
        assertFalse(e instanceof InputException, "a failure, not bad input");
        assertTrue(e.getMessage().contains("bad signature by key " + KEY.keyId()), e.getMessage());
        assertTrue(e.getMessage().contains("/dists/trixie/InRelease"), e.getMessage());
    }

    @Test
    void aSignatureByAnUnknownKeyIsRefusedNamingTheKey() {
        archive.publish(List.of(index), STRANGER, "");
        LadingException e = assertThrows(LadingException.class, () -> repository(null).release("trixie"));
        assertFalse(e instanceof InputException, "a failure, not bad input");
        assertTrue(e.getMessage().contains("unknown key " + STRANGER.keyId()), e.getMessage());
        assertTrue(e.getMessage().contains("--package-keyring"), e.getMessage());
    }

    @Test
    void anUnknownSignatureBesideAGoodOneIsIgnored() {
        String release = archive.publish(List.of(index), KEY, "");
        archive.files.put(RELEASE, TestKey.clearSign(release, List.of(STRANGER, KEY))
                .getBytes(StandardCharsets.UTF_8));
        assertEquals("trixie", repository(null).release("trixie").codename());
    }

    @Test
    void anUnsignedReleaseIsRefused() {
        String release = archive.publish(List.of(index), KEY, "");
        archive.files.put(RELEASE, release.getBytes(StandardCharsets.UTF_8));
        LadingException e = assertThrows(LadingException.class, () -> repository(null).release("trixie"));
        assertFalse(e instanceof InputException, "a failure, not bad input");
        assertTrue(e.getMessage().contains("is not signed"), e.getMessage());
    }

    @Test
    void textOutsideTheSignatureIsRefused() {
        String signed = new String(archive.files.get(RELEASE), StandardCharsets.UTF_8);
        archive.files.put(RELEASE, (signed + "\nSHA256:\n " + "0".repeat(64) + " 1 main/binary-amd64/Packages.xz\n")
                .getBytes(StandardCharsets.UTF_8));
        LadingException after = assertThrows(LadingException.class, () -> repository(null).release("trixie"));
        assertTrue(after.getMessage().contains("text after the signature"), after.getMessage());
        archive.files.put(RELEASE, ("Codename: trixie\n\n" + signed).getBytes(StandardCharsets.UTF_8));
        LadingException before = assertThrows(LadingException.class, () -> repository(null).release("trixie"));
        assertTrue(before.getMessage().contains("is not signed"), before.getMessage());
    }

    @Test
    void anExpiredReleaseIsRefused() {
        archive.publish(List.of(index), KEY, "Valid-Until: Sat, 16 Aug 2025 09:12:32 UTC\n");
        LadingException e = assertThrows(LadingException.class, () -> repository(null).release("trixie"));
        assertFalse(e instanceof InputException, "a failure, not bad input");
        assertTrue(e.getMessage().contains("expired at 2025-08-16T09:12:32Z"), e.getMessage());
    }

    @Test
    void aReleaseWithinItsValidityIsAccepted() {
        archive.publish(List.of(index), KEY, "Valid-Until: Sat, 16 Aug 2125 09:12:32 UTC\n");
        assertEquals("2125-08-16T09:12:32Z", repository(null).release("trixie").validUntil().toString());
    }

    @Test
    void anIndexWhoseHashDiffersIsRefusedAndNotCached() {
        byte[] real = archive.files.get(INDEX);
        byte[] other = real.clone();
        other[other.length / 2] ^= 1;
        String byHash = "/debian/dists/trixie/main/binary-amd64/by-hash/SHA256/" + FixtureArchive.sha256(real);
        archive.files.put(byHash, other);
        DebianRepository repository = repository(null);
        Release release = repository.release("trixie");
        LadingException e = assertThrows(LadingException.class, () -> repository.packages(release, "main", "amd64"));
        assertFalse(e instanceof InputException, "a failure, not bad input");
        assertTrue(e.getMessage().contains("trixie/main/binary-amd64/Packages.xz: SHA-256 mismatch"), e.getMessage());
        assertNothingCached();
    }

    @Test
    void anIndexOfAnotherSizeIsRefusedAndNotCached() {
        byte[] real = archive.files.get(INDEX);
        byte[] longer = java.util.Arrays.copyOf(real, real.length + 10);
        archive.files.put("/debian/dists/trixie/main/binary-amd64/by-hash/SHA256/" + FixtureArchive.sha256(real),
                longer);
        DebianRepository repository = repository(null);
        Release release = repository.release("trixie");
        LadingException e = assertThrows(LadingException.class, () -> repository.packages(release, "main", "amd64"));
        assertTrue(e.getMessage().contains("size mismatch"), e.getMessage());
        assertNothingCached();
    }

    @Test
    void downloadsADebChecksItAndServesItFromTheCacheAfterwards() throws IOException {
        DebianRepository.DebFile file = archive.debs.get("hello-tools=2.0");
        Path deb = repository(null).deb(file.filename(), file.sha256(), file.size());
        assertEquals(dir.resolve("cache/debs/sha256-" + file.sha256() + ".deb"), deb);
        assertArrayEquals(archive.files.get("/debian/" + file.filename()), Files.readAllBytes(deb));
        assertTrue(new String(Files.readAllBytes(deb), StandardCharsets.US_ASCII).startsWith("!<arch>\ndebian-binary"));
        archive.server.close();
        DebianRepository offline = repository(null);
        assertEquals(deb, offline.deb(file.filename(), file.sha256(), file.size()));
        assertEquals(0, offline.requests());
    }

    @Test
    void aCacheEntryOfTheWrongSizeOrALeftoverTemporaryIsNotTrusted() throws IOException {
        DebianRepository.DebFile file = archive.debs.get("hello-tools=2.0");
        Path debs = Files.createDirectories(dir.resolve("cache/debs"));
        Files.write(debs.resolve("sha256-" + file.sha256() + ".deb"), new byte[] {1, 2, 3});
        Files.write(debs.resolve("sha256-" + file.sha256() + ".deb.tmp-999999-1"), new byte[(int) file.size()]);
        DebianRepository repository = repository(null);
        Path deb = repository.deb(file.filename(), file.sha256(), file.size());
        assertArrayEquals(archive.files.get("/debian/" + file.filename()), Files.readAllBytes(deb));
        assertEquals(1, repository.requests());
    }

    @Test
    void downloadsSeveralDebsInParallelInOrder() {
        List<DebianRepository.DebFile> files = List.copyOf(archive.debs.values());
        DebianRepository repository = repository(null);
        List<Path> paths = repository.debs(files);
        for (int i = 0; i < files.size(); i++) {
            assertEquals("sha256-" + files.get(i).sha256() + ".deb", paths.get(i).getFileName().toString());
        }
        assertEquals(3, repository.requests());
        DebianRepository again = repository(null);
        assertEquals(paths, again.debs(files));
        assertEquals(0, again.requests());
    }

    @Test
    void aDebWhoseHashDiffersIsRefusedAndNotCached() {
        DebianRepository.DebFile file = archive.debs.get("libhello1=1.0-1");
        byte[] other = archive.files.get("/debian/" + file.filename()).clone();
        other[other.length - 1] ^= 1;
        archive.files.put("/debian/" + file.filename(), other);
        LadingException e = assertThrows(LadingException.class,
                () -> repository(null).deb(file.filename(), file.sha256(), file.size()));
        assertFalse(e instanceof InputException, "a failure, not bad input");
        assertTrue(e.getMessage().startsWith(file.filename() + ": SHA-256 mismatch"), e.getMessage());
        assertEquals(1, archive.served("/debian/" + file.filename())); // a wrong answer is not retried
        assertNothingCached();
    }

    @Test
    void aTruncatedDownloadIsRetried() {
        DebianRepository.DebFile file = archive.debs.get("libhello1=1.1-1");
        archive.queue("/debian/" + file.filename(), truncated(archive.files.get("/debian/" + file.filename())));
        Path deb = repository(null).deb(file.filename(), file.sha256(), file.size());
        assertTrue(Files.isRegularFile(deb));
        assertEquals(2, archive.served("/debian/" + file.filename()));
    }

    @Test
    void aDownloadThatIsAlwaysTruncatedFails() {
        DebianRepository.DebFile file = archive.debs.get("libhello1=1.1-1");
        for (int i = 0; i < 3; i++) {
            archive.queue("/debian/" + file.filename(), truncated(archive.files.get("/debian/" + file.filename())));
        }
        LadingException e = assertThrows(LadingException.class,
                () -> repository(null).deb(file.filename(), file.sha256(), file.size()));
        assertFalse(e instanceof InputException, "a failure, not bad input");
        assertTrue(e.getMessage().startsWith(file.filename() + ": download from "), e.getMessage());
        assertTrue(e.getMessage().contains("failed 3 times"), e.getMessage());
        assertNothingCached();
    }

    @Test
    void serverErrorsAndRateLimitsAreRetried() {
        DebianRepository.DebFile file = archive.debs.get("hello-tools=2.0");
        archive.queue("/debian/" + file.filename(), new MockResponse.Builder().code(503).build());
        archive.queue("/debian/" + file.filename(), new MockResponse.Builder().code(429).build());
        assertTrue(Files.isRegularFile(repository(null).deb(file.filename(), file.sha256(), file.size())));
        assertEquals(3, archive.served("/debian/" + file.filename()));
    }

    @Test
    void aMissingDebWithoutSnapshotNamesTheFile() {
        DebianRepository.DebFile file = archive.debs.get("hello-tools=2.0");
        archive.files.remove("/debian/" + file.filename());
        LadingException e = assertThrows(LadingException.class,
                () -> repository(null).deb(file.filename(), file.sha256(), file.size()));
        assertFalse(e instanceof InputException, "a failure, not bad input");
        assertTrue(e.getMessage().startsWith(file.filename() + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("--package-snapshot"), e.getMessage());
        assertNothingCached();
    }

    @Test
    void aMissingDebIsTakenFromTheSnapshot() {
        DebianRepository.DebFile file = archive.debs.get("hello-tools=2.0");
        byte[] deb = archive.files.remove("/debian/" + file.filename());
        archive.files.put("/snapshot/archive/debian/20250809T000000Z/" + file.filename(), deb);
        URI snapshot = archive.server.url("/snapshot/archive/debian/20250809T000000Z/").uri();
        Path path = repository(snapshot).deb(file.filename(), file.sha256(), file.size());
        assertTrue(Files.isRegularFile(path));
        assertEquals(1, archive.served("/debian/" + file.filename()));
        archive.files.remove("/snapshot/archive/debian/20250809T000000Z/" + file.filename());
        DebianRepository.DebFile other = archive.debs.get("libhello1=1.0-1");
        archive.files.remove("/debian/" + other.filename());
        LadingException e = assertThrows(LadingException.class,
                () -> repository(snapshot).deb(other.filename(), other.sha256(), other.size()));
        assertTrue(e.getMessage().contains("neither the package mirror nor the snapshot archive"), e.getMessage());
    }

    @Test
    void aPackageFileNameOutsideTheArchiveIsRefused() {
        String sha = "0".repeat(64);
        for (String name : List.of("../etc/passwd.deb", "/pool/a.deb", "pool/../../a.deb", "pool/a.deb?x=1")) {
            InputException e = assertThrows(InputException.class, () -> repository(null).deb(name, sha, 1));
        }
        assertThrows(InputException.class, () -> repository(null).deb("pool/a.deb", "../../x", 1));
    }

    private static MockResponse truncated(byte[] body) {
        return new MockResponse.Builder().body(new Buffer().write(body))
                .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE).build();
    }

    /** Neither a checked file nor a temporary: nothing a later run could take for a checked file. */
    private void assertNothingCached() {
        Path cache = dir.resolve("cache");
        if (!Files.exists(cache)) {
            return;
        }
        try (Stream<Path> files = Files.walk(cache)) {
            List<Path> left = files.filter(Files::isRegularFile).toList();
            assertTrue(left.isEmpty(), "left in the cache: " + left);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
