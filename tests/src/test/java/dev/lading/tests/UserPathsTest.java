package dev.lading.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lading.core.model.Platform;
import dev.lading.tests.FaultProxy.Fault;
import dev.lading.tests.RegistryServer.Setup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user paths a green run did not show before: {@code sign --recursive}, a push to {@code REF@sha256:…},
 * {@code --attest-timestamps}, {@code --debug} with credentials, {@code --sysroot} in a real build,
 * {@code --output type=registry}, the live progress on a real pseudo-terminal, {@code index create} with two
 * images of one platform, and a build that fails while it writes.
 */
class UserPathsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> KEY_ENV = Map.of("LADING_KEY_PASSWORD", "pw-of-the-user-paths-key");
    private static final String ESC = "\u001b[";

    @TempDir
    static Path work;
    static Lading lading;
    static RegistryServer registry;
    static Path context;

    @BeforeAll
    static void startRegistry() throws Exception {
        lading = new Lading(work.resolve("home"), Duration.ofMinutes(3));
        registry = RegistryServer.start(Setup.anonymous());
        context = SmallImage.context(work.resolve("context"), 2000);
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    // ---- sign --recursive ----

    @Test
    void signRecursiveSignsTheIndexAndEveryPlatformManifest() throws Exception {
        Path keys = Files.createDirectories(work.resolve("keys"));
        lading.ok(KEY_ENV, "keygen", "--out", keys.resolve("k").toString());
        PushedImage image = push("signed", "1");

        lading.ok(KEY_ENV, "sign", "--key", keys.resolve("k.key").toString(), registry.reference("signed:1"));
        assertEquals(Set.of(PushedImage.signatureTag(image.index())), signatureTags("signed"), "without --recursive only the index");

        Tool.Result recursive = lading.ok(KEY_ENV, "sign", "--recursive", "--key", keys.resolve("k.key").toString(),
                registry.reference("signed:1"));
        assertEquals(Set.of(PushedImage.signatureTag(image.index()), PushedImage.signatureTag(image.amd64()), PushedImage.signatureTag(image.arm64())),
                signatureTags("signed"), recursive.stdout());
        for (String digest : List.of(image.index(), image.amd64(), image.arm64())) {
            // skopeo reads each signature image under its tag
            String raw = Tool.ok("skopeo", "inspect", "--raw", "--tls-verify=false",
                    "docker://" + registry.reference("signed:" + PushedImage.signatureTag(digest)));
            assertTrue(raw.contains("application/vnd.dev.cosign.simplesigning.v1+json"), raw);
            Tool.Result verified = lading.ok("verify", "--key", keys.resolve("k.pub").toString(),
                    registry.reference("signed") + "@" + digest);
            assertTrue(verified.stdout().contains("verified " + registry.reference("signed") + "@" + digest),
                    verified.stdout());
        }
    }

    // ---- push REF@sha256:... ----

    @Test
    void pushToADigestMovesNoTagAndAWrongDigestIsRefused() throws Exception {
        SmallImage.Layout layout = SmallImage.build(lading, work.resolve("by-digest"), 1500);
        Tool.Result pushed = lading.ok("push", layout.source(), registry.reference("bydigest") + "@" + layout.digest(),
                "--progress", "quiet");
        assertTrue(pushed.stdout().contains(layout.digest()), pushed.stdout());
        assertEquals(layout.digest(), SmallImage.digestInRegistry(registry, "bydigest@" + layout.digest()));
        assertEquals(Set.of(), tags("bydigest"), "a push by digest tags nothing");

        // a tag pushed before stays where it was
        SmallImage.Layout other = SmallImage.build(lading, work.resolve("by-digest-2"), 1600);
        lading.ok("push", other.source(), registry.reference("bydigest:keep"), "--progress", "quiet");
        lading.ok("push", layout.source(), registry.reference("bydigest") + "@" + layout.digest(), "--progress", "quiet");
        assertEquals(Set.of("keep"), tags("bydigest"));
        assertEquals(other.digest(), SmallImage.digestInRegistry(registry, "bydigest:keep"));

        String wrong = "sha256:" + "0".repeat(64);
        Tool.Result refused = lading.fails(2, "push", layout.source(), registry.reference("wrongdigest") + "@" + wrong,
                "--progress", "quiet");
        assertTrue(refused.stderr().contains("names digest " + wrong + " but"), refused.stderr());
        assertTrue(refused.stderr().contains(layout.digest()), refused.stderr());
        assertFalse(Tool.ok("curl", "-s", registry.url("/v2/_catalog")).contains("wrongdigest"),
                "nothing was pushed to the repository of the refused digest");
    }

    // ---- --attest-timestamps ----

    @Test
    void attestTimestampsRecordTheBuildTimesOnlyWhenAsked() throws Exception {
        Map<String, String> epoch = Map.of("SOURCE_DATE_EPOCH", "1700000000");
        Path plain1 = attestedBuild(epoch, "plain1");
        Path plain2 = attestedBuild(epoch, "plain2");
        assertEquals(indexDigest(plain1), indexDigest(plain2), "without the flag the build is reproducible");
        JsonNode provenance = statement(plain1, "https://slsa.dev/provenance/v1");
        assertTrue(provenance.at("/predicate/runDetails/metadata").isMissingNode()
                || provenance.at("/predicate/runDetails/metadata/startedOn").isMissingNode(), provenance.toString());
        assertEquals("2023-11-14T22:13:20Z",
                statement(plain1, "https://spdx.dev/Document").at("/predicate/creationInfo/created").asText());

        Instant before = Instant.now().minusSeconds(2);
        Path timed = attestedBuild(epoch, "timed", "--attest-timestamps");
        Instant after = Instant.now().plusSeconds(2);
        assertNotEquals(indexDigest(plain1), indexDigest(timed));
        JsonNode metadata = statement(timed, "https://slsa.dev/provenance/v1").at("/predicate/runDetails/metadata");
        assertTrue(metadata.has("startedOn") && metadata.has("finishedOn"), "no build times in the provenance: "
                + statement(timed, "https://slsa.dev/provenance/v1"));
        Instant started = Instant.parse(metadata.path("startedOn").asText());
        Instant finished = Instant.parse(metadata.path("finishedOn").asText());
        assertTrue(!started.isBefore(before) && !started.isAfter(finished) && !finished.isAfter(after),
                metadata.toString());
        Instant created = Instant.parse(
                statement(timed, "https://spdx.dev/Document").at("/predicate/creationInfo/created").asText());
        assertTrue(!created.isBefore(before) && !created.isAfter(after), "the SBOM's creation time: " + created);
    }

    private Path attestedBuild(Map<String, String> env, String name, String... extra) throws Exception {
        Path out = work.resolve("attest-" + name);
        List<String> args = new ArrayList<>(List.of("build", context.toString(), "--platform", "amd64",
                "--output", "type=oci,dest=" + out, "--progress", "quiet"));
        args.addAll(List.of(extra));
        lading.ok(env, args.toArray(String[]::new));
        return out;
    }

    private static JsonNode statement(Path layout, String predicateType) throws Exception {
        JsonNode index = AttestationsTest.blob(layout,
                JSON.readTree(layout.resolve("index.json").toFile()).path("manifests").get(0));
        for (JsonNode entry : index.path("manifests")) {
            if ("attestation-manifest".equals(entry.at("/annotations/vnd.docker.reference.type").asText())) {
                return AttestationsTest.statement(layout, AttestationsTest.blob(layout, entry), predicateType);
            }
        }
        throw new AssertionError("no attestation manifest in " + index);
    }

    private static String indexDigest(Path layout) throws Exception {
        return JSON.readTree(layout.resolve("index.json").toFile()).path("manifests").get(0).path("digest").asText();
    }

    // ---- --debug keeps secrets ----

    @Test
    void debugPrintsTheStackTraceButNoPasswordAuthorizationOrToken(@TempDir Path dir) throws Exception {
        String user = "deb-user";
        String password = "deb-pw-" + Long.toHexString(System.nanoTime());
        String wrongPassword = "deb-wrong-" + Long.toHexString(System.nanoTime());
        SmallImage.Layout image = SmallImage.build(lading, dir.resolve("image"), 1200);
        try (RegistryServer basic = RegistryServer.start(Setup.htpasswd(user, password));
                TokenServer tokens = TokenServer.start().addUser(user, password);
                RegistryServer bearer = RegistryServer.start(Setup.token(tokens))) {
            // a stored login with a wrong password, as docker login would have written it
            Path wrongConfig = Files.createDirectories(dir.resolve("wrong"));
            String wrongAuth = basic64(user + ":" + wrongPassword);
            Files.writeString(wrongConfig.resolve("config.json"),
                    "{\"auths\":{\"" + basic.host() + "\":{\"auth\":\"" + wrongAuth + "\"}}}");
            Tool.Result refused = lading.run(Map.of("DOCKER_CONFIG", wrongConfig.toString()), "--debug", "push",
                    image.source(), basic.reference("app:1"), "--retries", "0");
            assertEquals(1, refused.exitCode(), refused.toString());
            assertTrue(refused.stderr().contains("\tat "), "--debug prints the stack trace:\n" + refused.stderr());
            noSecret(refused, wrongPassword, wrongAuth, password);

            // a right login, then commands that fail after the registry let them in (Basic, then Bearer)
            for (RegistryServer server : List.of(basic, bearer)) {
                Path config = Files.createDirectories(dir.resolve("login-" + server.port()));
                Map<String, String> env = Map.of("DOCKER_CONFIG", config.toString());
                Tool.Result login = lading.run(env, password.getBytes(StandardCharsets.UTF_8), "login", "-u", user,
                        "--password-stdin", server.host());
                assertEquals(0, login.exitCode(), login.toString());
                lading.ok(env, "push", image.source(), server.reference("app:1"), "--progress", "quiet");
                Tool.Result missing = lading.run(env, "--debug", "inspect", server.reference("app:no-such-tag"));
                assertEquals(1, missing.exitCode(), missing.toString());
                assertTrue(missing.stderr().contains("\tat "), missing.stderr());
                Tool.Result wrongDigest = lading.run(env, "--debug", "push", image.source(),
                        server.reference("app") + "@sha256:" + "1".repeat(64));
                assertEquals(2, wrongDigest.exitCode(), wrongDigest.toString());
                assertTrue(wrongDigest.stderr().contains("\tat "), wrongDigest.stderr());
                List<String> secrets = new ArrayList<>(List.of(password, basic64(user + ":" + password)));
                secrets.addAll(tokens.issuedTokens());
                noSecret(missing, secrets.toArray(String[]::new));
                noSecret(wrongDigest, secrets.toArray(String[]::new));
            }
            assertFalse(tokens.issuedTokens().isEmpty(), "the Bearer registry handed out tokens");
        }
    }

    private static void noSecret(Tool.Result result, String... secrets) {
        String all = result.stdout() + result.stderr();
        for (String secret : secrets) {
            assertFalse(all.contains(secret), "a secret reached the output (" + secret + "):\n" + result);
        }
        // the form of an Authorization header's value, whatever credentials it was made of
        assertFalse(all.matches("(?s).*(Basic|Bearer) [A-Za-z0-9+/=._-]{16,}.*"),
                "an authorization value reached the output:\n" + result);
    }

    private static String basic64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    // ---- --sysroot ----

    @Test
    void sysrootIsWhereClangLooksAndAWrongOneFailsWithTheCompilersError(@TempDir Path dir) throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        Files.writeString(project.resolve("hello.c"), """
                #include <stdio.h>
                #include <lading_sysroot_mark.h>
                int main(void) { puts(SYSROOT_MARK); return 0; }
                """);
        Files.writeString(project.resolve("lading.yaml"), """
                from: scratch
                platforms: [linux/arm64]
                build:
                  executables:
                    - name: hello
                      sources: [hello.c]
                layers:
                  - name: app
                    files:
                      - artifact: hello
                        dest: /app/hello
                entrypoint: [/app/hello]
                """);
        // a sysroot of its own: the header exists only there; the C library comes from the Debian cross packages
        Path sysroot = Files.createDirectories(dir.resolve("sysroot/usr/include"));
        Files.writeString(sysroot.resolve("lading_sysroot_mark.h"), "#define SYSROOT_MARK \"from the sysroot\"\n");
        Path layout = dir.resolve("oci");
        Tool.Result build = lading.ok("build", project.toString(), "--toolchain", "clang", "--sysroot",
                dir.resolve("sysroot").toString(), "--output", "type=oci,dest=" + layout, "--progress", "plain");
        assertTrue(build.stderr().contains("--sysroot=" + dir.resolve("sysroot")), build.stderr());
        Platform arm64 = Platform.parse("linux/arm64");
        Path binary = ImageRootfs.find(ImageRootfs.unpack(layout, arm64, dir.resolve("rootfs")), "hello");
        Tool.Result ran = Emulator.run(arm64, binary);
        assertEquals(0, ran.exitCode(), ran.toString());
        assertEquals("from the sysroot\n", ran.stdout());

        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path failedLayout = dir.resolve("failed");
        Tool.Result wrong = lading.fails(1, "build", project.toString(), "--toolchain", "clang", "--sysroot",
                empty.toString(), "--output", "type=oci,dest=" + failedLayout, "--progress", "quiet");
        assertTrue(wrong.stderr().contains("'lading_sysroot_mark.h' file not found"), wrong.stderr());
        assertTrue(wrong.stderr().contains("--sysroot=" + empty), wrong.stderr());
        assertFalse(Files.exists(failedLayout));
    }

    // ---- --output type=registry ----

    @Test
    void outputTypeRegistryPushesWhatPushPushes(@TempDir Path dir) throws Exception {
        Path viaPush = dir.resolve("push.json");
        Path viaOutput = dir.resolve("output.json");
        lading.ok("build", context.toString(), "-t", registry.reference("viapush:1"), "--push", "--metadata-file",
                viaPush.toString(), "--progress", "quiet");
        Tool.Result output = lading.ok("build", context.toString(), "-t", registry.reference("viaoutput:1"),
                "--output", "type=registry", "--metadata-file", viaOutput.toString(), "--progress", "quiet");
        String digest = JSON.readTree(viaPush.toFile()).path("containerimage.digest").asText();
        assertTrue(digest.startsWith("sha256:"), digest);
        assertEquals(digest, JSON.readTree(viaOutput.toFile()).path("containerimage.digest").asText());
        assertEquals(digest, SmallImage.digestInRegistry(registry, "viaoutput:1"), output.stdout());
        assertEquals(digest, SmallImage.digestInRegistry(registry, "viapush:1"));
    }

    // ---- --progress through a pseudo-terminal ----

    @Test
    void progressTtyAndAutoDrawLiveOnATerminalAndAutoWritesLinesToAPipe(@TempDir Path dir) throws Exception {
        for (String mode : List.of("tty", "auto")) {
            Path out = dir.resolve("tty-" + mode);
            String command = "java -XX:+UseSerialGC -jar '" + Lading.JAR + "' build '" + context + "' --output"
                    + " type=oci,dest='" + out + "' --progress " + mode;
            Tool.Result script = Tool.run(dir, Map.of("LADING_HOME", work.resolve("home").toString(), "TERM",
                    "xterm"), List.of("script", "-q", "-e", "-c", command, "/dev/null"), Duration.ofMinutes(2));
            assertEquals(0, script.exitCode(), script.toString());
            String text = script.stdout();
            // the live region: each line cleared before it is drawn, the cursor moved up over the last frame
            assertTrue(text.contains("\r" + ESC + "2K"), mode + ": no line erase in\n" + text);
            assertTrue(text.matches("(?s).*" + "\u001b\\[\\d+A" + ".*"), mode + ": no cursor-up in\n" + text);
            List<String> lines = text.lines().map(l -> l.replace("\r", "")).filter(l -> !l.isEmpty()).toList();
            assertEquals("wrote oci to " + out, lines.get(lines.size() - 1), text);
            assertTrue(lines.get(lines.size() - 2).startsWith("index          sha256:"), text);
        }
        Tool.Result piped = lading.ok("build", context.toString(), "--output", "type=oci,dest=" + dir.resolve("pipe"),
                "--progress", "auto");
        assertFalse(piped.stderr().contains("\u001b") || piped.stdout().contains("\u001b"), piped.toString());
        assertTrue(piped.stderr().contains("] layer data0 ("), piped.stderr());
        assertTrue(piped.stdout().contains("wrote oci to " + dir.resolve("pipe")), piped.stdout());
    }

    // ---- index create with two images of one platform ----

    @Test
    void indexCreateRefusesTwoImagesOfOnePlatform(@TempDir Path dir) throws Exception {
        List<String> sources = new ArrayList<>();
        for (String name : List.of("dup-a", "dup-b")) {
            Path metadata = dir.resolve(name + ".json");
            Path ctx = SmallImage.context(dir.resolve(name), 900);
            lading.ok("build", ctx.toString(), "--platform", "arm64", "-t", registry.reference(name),
                    "--push-by-digest", "--metadata-file", metadata.toString(), "--progress", "quiet");
            sources.add(registry.reference(name) + "@"
                    + JSON.readTree(metadata.toFile()).path("containerimage.digest").asText());
        }
        List<String> args = new ArrayList<>(List.of("index", "create", "-t", registry.reference("dup:1"),
                "--progress", "quiet"));
        args.addAll(sources);
        Tool.Result refused = lading.fails(2, args.toArray(String[]::new));
        assertTrue(refused.stderr().contains("linux/arm64 comes from both " + sources.get(0) + " and "
                + sources.get(1)), refused.stderr());
        assertTrue(tags("dup").isEmpty(), "no index was pushed");
    }

    // ---- a build that fails while it writes ----

    @Test
    void aBuildThatFailsWhileWritingLeavesNoTemporaryFiles(@TempDir Path dir) throws Exception {
        // a base whose big layer the build copies into the store last, after its own layers
        Path baseMetadata = dir.resolve("base.json");
        Path baseContext = SmallImage.context(dir.resolve("base"), 4_000_000);
        lading.ok("build", baseContext.toString(), "--platform", "amd64", "-t", registry.reference("late-base:1"),
                "--push", "--provenance", "false", "--sbom", "false", "--metadata-file", baseMetadata.toString(),
                "--progress", "quiet");
        String manifestDigest = JSON.readTree(baseMetadata.toFile()).at("/platforms/linux~1amd64/digest").asText();
        JsonNode manifest = JSON.readTree(Tool.ok("curl", "-sf", "-H",
                "Accept: application/vnd.oci.image.manifest.v1+json",
                registry.url("/v2/late-base/manifests/" + manifestDigest)));
        String bigLayer = manifest.at("/layers/0/digest").asText();
        assertTrue(bigLayer.startsWith("sha256:"), manifest.toString());

        Path home = dir.resolve("home");
        Path out = dir.resolve("out");
        Path project = SmallImage.context(dir.resolve("project"), 3_000_000);
        try (FaultProxy proxy = FaultProxy.start(registry.host(), request ->
                request.equals("GET /v2/late-base/blobs/" + bigLayer) ? Fault.TRUNCATE_RESPONSE : Fault.PASS)) {
            Files.writeString(project.resolve("lading.yaml"), "from: " + proxy.host() + "/late-base:1\n"
                    + "platforms: [linux/amd64]\n"
                    + Files.readString(project.resolve("lading.yaml")).replaceFirst("platforms: .*\n", ""));
            Tool.Result failed = new Lading(home).run("build", project.toString(), "--output",
                    "type=oci,dest=" + out, "--retries", "1", "--progress", "plain");
            assertEquals(1, failed.exitCode(), failed.toString());
            assertTrue(failed.stderr().contains("] layer data0 (linux/amd64)"),
                    "the build's own layer was written first:\n" + failed.stderr());
            assertTrue(proxy.exchanges().stream().anyMatch(e -> e.fault() == Fault.TRUNCATE_RESPONSE),
                    proxy.exchanges().toString());
        }
        assertFalse(Files.exists(out), "a failed build wrote its output");
        for (Path root : List.of(home, dir)) {
            try (Stream<Path> files = Files.walk(root)) {
                List<Path> temporaries = files.filter(p -> p.getFileName().toString().contains(".tmp-")).toList();
                assertEquals(List.of(), temporaries, "temporary files left by the failed build");
            }
        }
    }

    // ---- helpers ----


    private static PushedImage push(String repository, String tag) throws Exception {
        Path metadata = work.resolve(repository + "-metadata.json");
        lading.ok("build", context.toString(), "-t", registry.reference(repository + ":" + tag), "--push",
                "--metadata-file", metadata.toString(), "--progress", "quiet");
        return PushedImage.read(metadata);
    }


    /** The repository's tags, the referrers tags of attestations ({@code sha256-<hex>}) left out. */
    private static Set<String> tags(String repository) throws Exception {
        JsonNode list = JSON.readTree(Tool.ok("curl", "-s", registry.url("/v2/" + repository + "/tags/list")));
        Set<String> tags = new TreeSet<>();
        list.path("tags").forEach(tag -> tags.add(tag.asText()));
        return tags.stream().filter(tag -> !tag.matches("sha256-[0-9a-f]{64}")).collect(Collectors.toSet());
    }

    private static Set<String> signatureTags(String repository) throws Exception {
        return tags(repository).stream().filter(tag -> tag.endsWith(".sig")).collect(Collectors.toSet());
    }
}
