package dev.lading.toolchain.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.buildfile.Located;
import dev.lading.core.buildfile.Origin;
import dev.lading.core.buildfile.Packages;
import dev.lading.core.cache.CacheArtifact;
import dev.lading.core.cache.CacheEntry;
import dev.lading.core.cache.CacheKind;
import dev.lading.core.cache.CacheSession;
import dev.lading.core.cache.LocalCache;
import dev.lading.core.job.BuildListener;
import dev.lading.core.model.Platform;
import dev.lading.toolchain.packages.LockFile.LockedPackage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Package files as build cache entries: kept for an export, and restored instead of downloaded on a fresh machine. */
class DebianPackagesCacheTest {
    private static final Platform AMD64 = Platform.parse("linux/amd64");
    private static final String LIBFOO = "/debian/pool/main/l/libfoo1/libfoo1_1.0-1_amd64.deb";
    private static final String COMMON = "/debian/pool/main/f/foo-common/foo-common_1.0-1_all.deb";

    @TempDir
    Path dir;
    private FixtureArchive archive;
    private Packages spec;
    private Path buildFile;
    private LocalCache local;

    @BeforeEach
    void lockedProject() throws IOException {
        archive = new FixtureArchive();
        archive.addPackage("libfoo1", "1.0-1", "amd64", "foo-common");
        archive.addPackage("foo-common", "1.0-1", "all", null);
        buildFile = Files.writeString(dir.resolve("lading.yaml"), "packages: {build: [libfoo1]}\n");
        Origin origin = new Origin(buildFile, "packages", 1);
        spec = new Packages(new Located<>(Packages.DEFAULT_DISTRIBUTION, origin),
                List.of(new Located<>("libfoo1", origin)), List.of(), origin);
        List<LockedPackage> build = new ArrayList<>();
        archive.debs.forEach((name, deb) -> build.add(new LockedPackage(name.split("=")[0],
                DebianVersion.parse("1.0-1"), deb.filename().endsWith("_all.deb") ? "all" : "amd64", deb.sha256(),
                deb.size(), deb.filename())));
        new LockFile(Packages.DEFAULT_DISTRIBUTION, LockFile.inputsHash(spec.buildRequests(), spec.namedRuntime()),
                List.of(new LockFile.PlatformLock(AMD64, "amd64", build, List.of())))
                .write(buildFile.resolveSibling(LockFile.FILE_NAME));
        local = LocalCache.open(dir.resolve("entries"));
    }

    @AfterEach
    void stop() {
        archive.close();
    }

    /** A machine of its own: an empty package cache. */
    private DebianPackages machine(String name) {
        return new DebianPackages(new DebianPackages.Settings(archive.mirror().toString(), null, null,
                dir.resolve(name), Map.of(), dir.resolve("no-apt")));
    }

    private void prepare(DebianPackages packages, CacheSession session) throws IOException {
        packages.prepare(spec, buildFile, List.of(AMD64), session, BuildListener.NONE);
    }

    private static List<CacheEntry> byKey(List<CacheEntry> entries) {
        return entries.stream().sorted(Comparator.comparing(CacheEntry::key)).toList();
    }

    @Test
    void anExportingBuildKeepsEveryPackageFileAsAnEntryOfItsPlatformOrOfNoneForArchitectureAll() throws IOException {
        CacheSession session = local.session(true);
        prepare(machine("first"), session);
        assertEquals(1, archive.served(LIBFOO));
        assertEquals(1, archive.served(COMMON));

        List<CacheEntry> entries = byKey(session.used().entries());
        assertEquals(2, entries.size());
        for (CacheEntry entry : entries) {
            assertTrue(entry.is(CacheKind.PACKAGE));
            assertEquals(CacheArtifact.PACKAGE_TYPE, entry.blob().mediaType());
            assertEquals("sha256:" + entry.key(), entry.blob().digest().toString());
        }
        DebianRepository.DebFile common = archive.debs.get("foo-common=1.0-1");
        CacheEntry commonEntry = entries.stream().filter(e -> e.key().equals(common.sha256())).findFirst()
                .orElseThrow();
        assertNull(commonEntry.platform());
        assertEquals(common.size(), commonEntry.blob().size());
        assertEquals("linux/amd64", entries.stream().filter(e -> e != commonEntry).findFirst().orElseThrow()
                .platform());
    }

    @Test
    void aBuildThatDoesNotExportMakesNoEntries() throws IOException {
        CacheSession session = local.session(false);
        prepare(machine("first"), session);
        assertEquals(List.of(), session.used().entries());
    }

    @Test
    void aFreshPackageCacheTakesTheFilesFromTheEntriesAndDownloadsNone() throws IOException {
        CacheSession first = local.session(true);
        prepare(machine("first"), first);
        first.commit();

        CacheSession second = local.session(true);
        DebianPackages fresh = machine("second");
        prepare(fresh, second);
        assertEquals(1, archive.served(LIBFOO), "downloaded again");
        assertEquals(1, archive.served(COMMON), "downloaded again");
        for (DebianRepository.DebFile deb : archive.debs.values()) {
            assertEquals(FixtureArchive.sha256(archive.files.get("/debian/" + deb.filename())),
                    FixtureArchive.sha256(Files.readAllBytes(DebianRepository.debPath(dir.resolve("second"), deb))));
        }
        try (Stream<Path> sysroots = Files.list(dir.resolve("second/sysroots"))) {
            Path sysroot = sysroots.findFirst().orElseThrow();
            assertTrue(Files.isRegularFile(sysroot.resolve(UnpackedDebs.ROOT)
                    .resolve("usr/share/doc/libfoo1/copyright")));
        }
        // restored entries count as used, and no second entry is made of a file that has one
        assertEquals(byKey(first.used().entries()).stream().map(CacheEntry::id).toList(),
                byKey(second.used().entries()).stream().map(CacheEntry::id).toList());
    }

    @Test
    void aDamagedEntryIsDownloadedInstead() throws IOException {
        CacheSession first = local.session(true);
        prepare(machine("first"), first);
        first.commit();
        DebianRepository.DebFile libfoo = archive.debs.get("libfoo1=1.0-1");
        Path blob = local.directory().resolve("blobs/sha256").resolve(libfoo.sha256());
        byte[] bytes = Files.readAllBytes(blob);
        bytes[bytes.length / 2] ^= 1;
        Files.write(blob, bytes);

        prepare(machine("second"), local.session(false));
        assertEquals(2, archive.served(LIBFOO));
        assertEquals(1, archive.served(COMMON));
        assertEquals(libfoo.sha256(), FixtureArchive.sha256(
                Files.readAllBytes(DebianRepository.debPath(dir.resolve("second"), libfoo))));
    }
}
