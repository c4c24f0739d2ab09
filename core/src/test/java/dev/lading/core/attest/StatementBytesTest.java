package dev.lading.core.attest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Digest;
import dev.lading.core.model.MediaTypes;
import dev.lading.core.model.Platform;
import dev.lading.core.model.Reference;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The exact bytes of the provenance and the SBOM: their digests are what registries and verifiers see, so the
 * same facts must keep giving the same bytes, whatever writes them.
 */
class StatementBytesTest {
    private static final Instant STARTED = Instant.parse("2024-05-01T10:15:30.123456Z");
    private static final Instant FINISHED = Instant.parse("2024-05-01T10:16:02.987Z");
    private static final String DEB = "cd".repeat(32);

    /** Each statement's sha256 and size in bytes, as {@code hex:size}. */
    private static final Map<String, String> GOLDEN = Map.ofEntries(
            Map.entry("sample/provenance",
                    "7ed00723a776c5fe49bb3238b16ae3d49abfa4ddeb0972df576e1242c186c05d:1392"),
            Map.entry("sample/sbom",
                    "f969b373165195a200ac2898731cabbd77aa769768ef8e494bb2ae1b81864719:4487"),
            Map.entry("timed/provenance",
                    "9fe5d69c2818ddf72d59a5d2859271edb0b74dbeb5e6b48cd476420ccd957037:1476"),
            Map.entry("timed/sbom",
                    "2c01ae8ce04f3d4438241c64cf462c9a2b552042427f0d218c667c362638c916:4487"),
            Map.entry("bare/provenance",
                    "c42a8397faae731eb1341b8441b1692beeb350802d85e9e6a20a43f4ca74d7eb:697"),
            Map.entry("bare/sbom",
                    "29d40c1f669d20a8e9908d9f59302640c4e137a6985801331552dfa692ed6e4d:1174"),
            Map.entry("packages/provenance",
                    "63f65247ec1f23c6234e74ed444e9735249c7e594797d7ec6f4656803c2a4206:1838"),
            Map.entry("packages/sbom",
                    "4316cd482814a26a998ec91118a568cd015d32abf48747b4ed3db65fd8293321:4609"),
            Map.entry("odd/provenance",
                    "473df2a397c921a9d0c907ded708ec33513b6c6eb7194c76cbdbba16a441d438:1399"),
            Map.entry("odd/sbom",
                    "297b0eef78d143e06169c09b90e8d39a6c7af9fcc412425e30a49d8fe2ec1c71:4339"),
            Map.entry("random/provenance",
                    "1fe50c941201d8160b1b69250e8515bd596cea208e8bc8409403b9a572722ea2:58760"),
            Map.entry("random/sbom",
                    "deb591f53810b79eed55cbed4635da61a1f56c6d648155c7478f5b43c4f7e67e:204499"));

    private static Map<String, byte[]> statements() {
        Map<String, byte[]> all = new LinkedHashMap<>();
        // tagged, untimed, a toolchain, a base, an artifact and a copied file, native sources
        add(all, "sample", Facts.build(), Facts.image());
        add(all, "timed", Facts.build(STARTED, FINISHED), Facts.image());
        // no tag, no output, no toolchain, no base, no file
        add(all, "bare", new BuildFacts("0.1.0", "lading.yaml", Facts.checksums(""), List.of(), List.of(), 0L,
                null, null), new ImageFacts(Platform.parse("linux/amd64"), Facts.MANIFEST, List.of(), null,
                List.of(), null));
        add(all, "packages", new BuildFacts("2.0.0", "deploy/lading.yaml", Facts.checksums("yaml"), List.of(
                Reference.parse("registry.example/team/app:v2"), Reference.parse("localhost:5000/app:latest"),
                Reference.parse("registry.example/team/app:v2")), List.of("oci", "registry"), 1_600_000_000L,
                STARTED, FINISHED), new ImageFacts(Platform.parse("linux/amd64"), Facts.MANIFEST, List.of(
                new ImageFile("/etc/a.conf", Facts.checksums("a"), "conf/a.conf"),
                new ImageFile("/etc/b.conf", Facts.checksums("b"), "conf/b.conf"),
                new ImageFile("/usr/share/doc/c", Facts.checksums("c"), "doc/c")), null, List.of(),
                new ImageFacts.Base("docker.io/library/debian:trixie", Facts.BASE_MANIFEST), List.of(
                new InstalledPackage("zlib1g", "1:1.3.dfsg+really1.3.1-1", "amd64", DEB, "debian:trixie"),
                new InstalledPackage("tzdata", "2025b-1", "all", "ef".repeat(32), "debian:trixie"))));
        // a digest-only name (no version), a toolchain without version or link flags, an installed package without
        // version, paths that need escaping (quotes, a tab, a backslash, a line separator, a surrogate pair)
        Reference pinned = Reference.parse("registry.example/pinned@"
                + Digest.sha256("pinned".getBytes(StandardCharsets.UTF_8)));
        NativeToolchain clang = new NativeToolchain("clang", "", "x86_64-linux-gnu", List.of("-O2", "-g"), List.of(),
                List.of(Path.of("src/é \"q\".c")));
        add(all, "odd", new BuildFacts("1.0.0-SNAPSHOT", "sub dir/lading.yaml", Facts.checksums("odd"),
                List.of(pinned), List.of("docker"), 1L, null, null), new ImageFacts(Platform.parse("linux/arm/v7"),
                new Descriptor(MediaTypes.OCI_MANIFEST, Digest.sha256(new byte[] {1}), 7), List.of(
                new ImageFile("/bin/é \"q\"\t\\", Facts.checksums("artifact"), null),
                new ImageFile("/bin/second", Facts.checksums("second artifact"), null),
                new ImageFile("/data/ünï\u2028\uD83D\uDE00.txt", Facts.checksums("data"),
                        "data/ünï\u2028\uD83D\uDE00.txt")), clang,
                List.of(new SourceFile("src/é \"q\".c", Facts.checksums("source"))), null,
                List.of(new InstalledPackage("libc6", "", "amd64", DEB, "debian:bookworm"))));
        // facts of any shape, all in one digest
        ByteArrayOutputStream provenance = new ByteArrayOutputStream();
        ByteArrayOutputStream sbom = new ByteArrayOutputStream();
        for (long seed = 0; seed < 40; seed++) {
            BuildFacts build = Facts.randomBuild(new SplittableRandom(seed));
            ImageFacts image = Facts.randomImage(new SplittableRandom(seed + 1000));
            provenance.writeBytes(Provenance.statement(build, image).bytes());
            sbom.writeBytes(Sbom.statement(build, image).bytes());
        }
        all.put("random/provenance", provenance.toByteArray());
        all.put("random/sbom", sbom.toByteArray());
        return all;
    }

    private static void add(Map<String, byte[]> all, String name, BuildFacts build, ImageFacts image) {
        all.put(name + "/provenance", Provenance.statement(build, image).bytes());
        all.put(name + "/sbom", Sbom.statement(build, image).bytes());
    }

    @Test
    void theSameFactsGiveTheSameBytes() {
        Map<String, String> actual = new LinkedHashMap<>();
        statements().forEach((name, bytes) ->
                actual.put(name, Digest.sha256(bytes).hex() + ":" + bytes.length));
        assertEquals(GOLDEN, actual);
    }
}
