package dev.lading.tests;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lading.core.platform.Target;
import dev.lading.core.platform.Targets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Projects that link Debian's zlib, libcrypto and lz4, built for every platform against that platform's own
 * packages, fetched from the mirror of this host's apt sources. Each binary is taken out of its image and run with
 * the image's own loader and libraries ({@code qemu -L ROOTFS}); the versions it prints are the locked packages',
 * which this host (another Debian release) does not have, so a library found anywhere else would show.
 */
class TargetLibrariesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TEXT = "hello, kitty";
    private static final Pattern ZLIB = Pattern.compile("zlib (\\S+) crc32 ([0-9a-f]{8})");
    private static final Pattern OPENSSL = Pattern.compile("OpenSSL (\\S+) .* sha256 ([0-9a-f]{64})");
    private static final Pattern LZ4 = Pattern.compile("lz4 (\\S+) round trip 12 -> \\d+ -> 12 bytes");

    /**
     * Which suite each platform is built from. The mirror of the machines these tests run on serves trixie's newest
     * package files for five architectures only; for armel, ppc64el and s390x it lacks the latest glibc, zlib and
     * OpenSSL point releases that trixie's index names (404), while it serves all of bookworm's. bookworm has no
     * riscv64, so each platform uses the suite its mirror serves in full.
     */
    private static final Map<String, String> SUITES = Map.of(
            "debian:trixie", "linux/amd64,linux/arm64,linux/arm/v7,linux/386,linux/riscv64",
            "debian:bookworm", "linux/arm/v6,linux/ppc64le,linux/s390x");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "with {0}")
    @ValueSource(strings = {"clang", "zig"})
    void everyPlatformRunsWithTheImagesOwnLibraries(String toolchain) throws Exception {
        List<Executable> checks = new ArrayList<>();
        for (Map.Entry<String, String> suite : SUITES.entrySet()) {
            Path context = project("examples/libdeps", suite.getKey());
            Path layout = build(context, toolchain, suite.getValue());
            String lock = Files.readString(context.resolve("lading.lock"));
            for (Target target : targets(suite.getValue())) {
                checks.add(() -> {
                    Tool.Result run = runInImage(target, rootfs(layout, target), "/usr/local/bin/libdeps");
                    assertEquals(0, run.exitCode(), target.platform() + ": " + run);
                    String out = run.stdout();
                    Matcher zlib = find(ZLIB, out, target);
                    assertEquals(crc32(), zlib.group(2), target.platform() + ": " + out);
                    assertLocked(lock, "zlib1g", zlib.group(1), target);
                    Matcher openssl = find(OPENSSL, out, target);
                    assertEquals(sha256(), openssl.group(2), target.platform() + ": " + out);
                    assertLocked(lock, suite.getKey().endsWith("bookworm") ? "libssl3" : "libssl3t64",
                            openssl.group(1), target);
                    assertLocked(lock, "liblz4-1", find(LZ4, out, target).group(1), target);
                });
            }
        }
        assertEquals(Targets.ALL.size(), checks.size(), "every platform is checked");
        assertAll("libdeps with " + toolchain, checks);
    }

    @Test
    void plainExecutablesLinkPackagesToo() throws Exception {
        List<Executable> checks = new ArrayList<>();
        for (Map.Entry<String, String> suite : SUITES.entrySet()) {
            Path context = project("tests/projects/zlib-sources", suite.getKey());
            Path layout = build(context, "clang", suite.getValue());
            String lock = Files.readString(context.resolve("lading.lock"));
            for (Target target : targets(suite.getValue())) {
                checks.add(() -> {
                    Tool.Result run = runInImage(target, rootfs(layout, target), "/usr/bin/crcz");
                    assertEquals(0, run.exitCode(), target.platform() + ": " + run);
                    Matcher zlib = find(ZLIB, run.stdout(), target);
                    assertEquals(crc32(), zlib.group(2));
                    assertLocked(lock, "zlib1g", zlib.group(1), target);
                });
            }
        }
        assertAll("zlib-sources", checks);
    }

    /** zlib1g-dev ships libz.a: a static executable needs no packages in its image, and runs from scratch. */
    @Test
    void staticLinkingWithAPackagesArchiveNeedsNoRuntimeLayer() throws Exception {
        Path context = project("tests/projects/zlib-sources", "debian:trixie");
        Path buildFile = context.resolve("lading.yaml");
        Files.writeString(buildFile, Files.readString(buildFile).replace("flags: [-O2]", "flags: [-O2, -static]")
                .replace("build: [zlib1g-dev]", "build: [zlib1g-dev]\n  runtime: []"));
        Path layout = build(context, "clang", "linux/arm64");
        Target arm64 = Targets.of(dev.lading.core.model.Platform.parse("linux/arm64"));
        Path rootfs = rootfs(layout, arm64);
        assertTrue(Files.notExists(rootfs.resolve("var/lib/dpkg")), "no packages layer");
        Tool.Result run = runInImage(arm64, rootfs, "/usr/bin/crcz");
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(crc32(), find(ZLIB, run.stdout(), arm64).group(2));
    }

    /**
     * The lock and the package cache are all a rebuild needs: a copy of the project elsewhere, with a mirror that
     * does not answer, builds the same index.
     */
    @Test
    void aLockedRebuildElsewhereNeedsNoNetworkAndGivesTheSameIndex() throws Exception {
        String platforms = "linux/amd64,linux/arm64,linux/riscv64";
        Path first = Projects.copy("examples/libdeps", dir.resolve("first"));
        Tool.Result built = CrossBuilds.LADING.run("build", first.toString(), "--toolchain", "clang",
                "--platform", platforms, "--output", "type=oci,dest=" + dir.resolve("oci-first"));
        assertEquals(0, built.exitCode(), built.toString());
        assertTrue(Files.isRegularFile(first.resolve("lading.lock")), "build writes the lock when there is none");

        Path second = Projects.copy(first.toString(), dir.resolve("second"));
        Tool.Result again = CrossBuilds.LADING.run(Map.of("LADING_PACKAGE_MIRROR", "http://127.0.0.1:9/debian"),
                "build", second.toString(), "--toolchain", "clang", "--platform", platforms,
                "--output", "type=oci,dest=" + dir.resolve("oci-second"));
        assertEquals(0, again.exitCode(), again.toString());
        assertEquals(indexLine(built), indexLine(again));
        assertEquals(Files.readString(first.resolve("lading.lock")), Files.readString(second.resolve("lading.lock")));
    }

    /** Scanners (syft, trivy) read the dpkg status; SBOM readers the purls; the SPDX tools validate the document. */
    @Test
    void theImagesPackagesAreInItsDpkgStatusSbomAndProvenance() throws Exception {
        Path context = project("examples/libdeps", "debian:trixie");
        Path layout = build(context, "clang", "linux/arm64");
        String lock = Files.readString(context.resolve("lading.lock"));
        Matcher zlib = Pattern.compile("name: \"zlib1g\"\\s+version: \"([^\"]+)\"(?:\\s+\\S+: \"?[^\\n]*){2}"
                + "\\s+sha256: \"([0-9a-f]{64})\"").matcher(lock);
        assertTrue(zlib.find(), lock);

        Target arm64 = Targets.of(dev.lading.core.model.Platform.parse("linux/arm64"));
        String status = Files.readString(rootfs(layout, arm64).resolve("var/lib/dpkg/status.d/zlib1g"));
        assertTrue(status.contains("Package: zlib1g\n") && status.contains("Status: install ok installed")
                && status.contains("Version: " + zlib.group(1) + "\n"), status);

        JsonNode top = JSON.readTree(layout.resolve("index.json").toFile()).get("manifests").get(0);
        JsonNode index = AttestationsTest.blob(layout, top);
        JsonNode attestation = AttestationsTest.blob(layout, index.get("manifests").get(1));
        JsonNode sbom = AttestationsTest.statement(layout, attestation, "https://spdx.dev/Document").get("predicate");
        String purl = "pkg:deb/debian/zlib1g@" + zlib.group(1).replace("+", "%2B") + "?arch=arm64";
        JsonNode listed = null;
        for (JsonNode pkg : sbom.get("packages")) {
            if (purl.equals(pkg.at("/externalRefs/0/referenceLocator").asText())) {
                listed = pkg;
            }
        }
        assertTrue(listed != null, purl + " in " + sbom.get("packages"));
        assertEquals(zlib.group(2), listed.at("/checksums/0/checksumValue").asText());
        assertEquals(List.of(), SpdxValidator.problems(sbom, dir.resolve("spdx")), "tools-java Verify");
        JsonNode provenance = AttestationsTest.statement(layout, attestation, "https://slsa.dev/provenance/v1");
        assertTrue(provenance.at("/predicate/buildDefinition/resolvedDependencies").toString().contains(
                "\"" + purl + "\""), provenance.toString());
    }

    @Test
    void lockWritesOnceKeepsAMatchingLockAndResolvesAChangedList() throws Exception {
        Path context = project("tests/projects/zlib-sources", "debian:trixie");
        String platforms = "linux/arm64,linux/riscv64";
        Tool.Result first = CrossBuilds.LADING.run("lock", context.toString(), "--platform", platforms);
        assertEquals(0, first.exitCode(), first.toString());
        assertTrue(first.stdout().contains("wrote"), first.stdout());
        Path lockFile = context.resolve("lading.lock");
        String lock = Files.readString(lockFile);
        assertTrue(lock.contains("platform: \"linux/riscv64\"") && lock.contains("name: \"zlib1g-dev\""), lock);

        // a lock that matches the build file needs nothing from the mirror
        Tool.Result again = CrossBuilds.LADING.run(Map.of("LADING_PACKAGE_MIRROR", "http://127.0.0.1:9/debian"),
                "lock", context.toString(), "--platform", platforms);
        assertEquals(0, again.exitCode(), again.toString());
        assertTrue(again.stdout().contains("up to date"), again.stdout());
        assertEquals(lock, Files.readString(lockFile));

        // --update asks the mirror again: with none answering, the lock stays as it was
        Tool.Result offline = CrossBuilds.LADING.run(Map.of("LADING_PACKAGE_MIRROR", "http://127.0.0.1:9/debian"),
                "lock", context.toString(), "--platform", platforms, "--update");
        assertEquals(1, offline.exitCode(), offline.toString());
        assertEquals(lock, Files.readString(lockFile));

        Path buildFile = context.resolve("lading.yaml");
        Files.writeString(buildFile, Files.readString(buildFile).replace("build: [zlib1g-dev]",
                "build: [zlib1g-dev, liblz4-dev]"));
        Tool.Result changed = CrossBuilds.LADING.run("lock", context.toString(), "--platform", platforms);
        assertEquals(0, changed.exitCode(), changed.toString());
        assertTrue(Files.readString(lockFile).contains("name: \"liblz4-1\""), "a changed list is resolved again");
    }

    /** The lock vouches for every file: one altered hash, and the build stops before unpacking anything. */
    @Test
    void aTamperedLockFailsTheBuildNamingThePackageFile() throws Exception {
        Path context = project("tests/projects/zlib-sources", "debian:trixie");
        Tool.Result locked = CrossBuilds.LADING.run("lock", context.toString(), "--platform", "linux/arm64");
        assertEquals(0, locked.exitCode(), locked.toString());
        Path lockFile = context.resolve("lading.lock");
        Matcher zlib = Pattern.compile("(name: \"zlib1g\"(?:\\s+\\S+: \"?[^\\n]*){3}\\s+sha256: \")([0-9a-f]{64})")
                .matcher(Files.readString(lockFile));
        assertTrue(zlib.find(), Files.readString(lockFile));
        String forged = zlib.group(2).startsWith("0") ? "1" + zlib.group(2).substring(1)
                : "0" + zlib.group(2).substring(1);
        Files.writeString(lockFile, Files.readString(lockFile).replace(zlib.group(2), forged));

        Tool.Result build = CrossBuilds.LADING.run("build", context.toString(), "--toolchain", "clang",
                "--platform", "linux/arm64", "--output", "type=oci,dest=" + dir.resolve("oci"));
        assertEquals(1, build.exitCode(), build.toString());
        assertTrue(build.stderr().contains("zlib1g_") && build.stderr().contains("SHA-256 mismatch"), build.stderr());
        assertTrue(Files.notExists(dir.resolve("oci")));
    }

    @Test
    void aPackageNoArchitectureHasIsExitTwoNamingIt() throws Exception {
        Path context = Projects.copy("tests/projects/zlib-sources", dir.resolve("project"));
        Files.writeString(context.resolve("lading.yaml"), Files.readString(context.resolve("lading.yaml"))
                .replace("build: [zlib1g-dev]", "build: [zlib1g-dev, no-such-package-lading]"));
        Tool.Result build = CrossBuilds.LADING.run("build", context.toString(), "--toolchain", "clang",
                "--platform", "linux/arm64", "--output", "type=oci,dest=" + dir.resolve("oci"));
        assertEquals(2, build.exitCode(), build.toString());
        assertTrue(build.stderr().contains("no-such-package-lading"), build.stderr());
        assertTrue(Files.notExists(context.resolve("lading.lock")), "no lock for a request that cannot resolve");
    }

    /** A copy of the project whose build file takes its packages from {@code distribution}. */
    private Path project(String project, String distribution) throws IOException {
        Path context = Projects.copy(project, dir.resolve(distribution.replace(':', '-') + "-"
                + Path.of(project).getFileName()));
        Path buildFile = context.resolve("lading.yaml");
        String text = Files.readString(buildFile);
        Files.writeString(buildFile, text.contains("distribution:")
                ? text.replaceAll("distribution: \\S+", "distribution: " + distribution)
                : text.replace("packages:\n", "packages:\n  distribution: " + distribution + "\n"));
        return context;
    }

    private Path build(Path context, String toolchain, String platforms) throws IOException, InterruptedException {
        Path layout = context.resolveSibling(context.getFileName() + "-" + toolchain + "-oci");
        Tool.Result build = CrossBuilds.LADING.run("build", context.toString(), "--toolchain", toolchain,
                "--platform", platforms, "--output", "type=oci,dest=" + layout);
        assertEquals(0, build.exitCode(), build.toString());
        return layout;
    }

    private static List<Target> targets(String platforms) {
        return Stream.of(platforms.split(",")).map(p -> Targets.of(dev.lading.core.model.Platform.parse(p))).toList();
    }

    private Path rootfs(Path layout, Target target) throws IOException, InterruptedException {
        return ImageRootfs.unpack(layout, target.platform(), dir.resolve("rootfs/" + layout.getFileName() + "/"
                + target.platform().toString().replace('/', '-')));
    }

    /**
     * Runs the binary as a container would: in a chroot of the image, so that the loader, every library and every
     * symlink (absolute ones included) resolve inside the image. Foreign platforms run under their static qemu
     * copied into the image, as binfmt_misc runs them in containers. Without root (no chroot), qemu's {@code -L}
     * comes closest, though it resolves an absolute symlink on the host.
     */
    private static Tool.Result runInImage(Target target, Path rootfs, String binary)
            throws IOException, InterruptedException {
        Map<String, String> env = target.platform().toString().equals("linux/arm/v6")
                ? Map.of("QEMU_CPU", "arm1176") : Map.of();
        boolean runsHere = target.platform().equals(dev.lading.core.model.Platform.parse("linux/amd64"));
        if ("root".equals(System.getProperty("user.name"))) {
            List<String> command = new ArrayList<>(List.of("chroot", rootfs.toString()));
            if (!runsHere) {
                Path qemu = rootfs.resolve(".lading-" + Emulator.qemu(target.platform()));
                Files.copy(Path.of("/usr/bin", Emulator.qemu(target.platform())), qemu,
                        StandardCopyOption.REPLACE_EXISTING);
                command.add("/" + qemu.getFileName());
            }
            command.addAll(List.of(binary, TEXT));
            return Tool.run(rootfs, env, command, Duration.ofMinutes(1));
        }
        return Tool.run(rootfs, env, List.of(Emulator.qemu(target.platform()), "-L", rootfs.toString(),
                rootfs.resolve(binary.substring(1)).toString(), TEXT), Duration.ofMinutes(1));
    }

    private static Matcher find(Pattern pattern, String out, Target target) {
        Matcher matcher = pattern.matcher(out);
        assertTrue(matcher.find(), target.platform() + " printed no line like " + pattern + ": " + out);
        return matcher;
    }

    /** The version the library reports is part of the Debian version the lock pinned for the platform. */
    private static void assertLocked(String lock, String packageName, String reported, Target target) {
        Matcher locked = Pattern.compile("name: \"" + Pattern.quote(packageName) + "\"\\s+version: \"([^\"]+)\"")
                .matcher(lock);
        assertTrue(locked.find(), packageName + " is not in the lock:\n" + lock);
        assertTrue(locked.group(1).contains(reported), target.platform() + ": " + packageName + " reports "
                + reported + ", the lock has " + locked.group(1));
    }

    private static String crc32() {
        CRC32 crc = new CRC32();
        crc.update(TEXT.getBytes(StandardCharsets.UTF_8));
        return String.format("%08x", crc.getValue());
    }

    private static String sha256() throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(TEXT.getBytes(StandardCharsets.UTF_8)));
    }

    private static String indexLine(Tool.Result build) {
        return build.stdout().lines().filter(line -> line.startsWith("index")).findFirst()
                .orElseThrow(() -> new AssertionError("no index line: " + build));
    }
}
