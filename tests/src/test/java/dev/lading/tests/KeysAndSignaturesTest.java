package dev.lading.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lading keygen}, {@code sign}, {@code verify} and {@code build --sign-key} against the reference registry,
 * checked by tools no one here wrote: openssl reads the keys and verifies the stored signatures, skopeo and curl
 * read the signature images, and signatures made by openssl (and forged by hand) meet {@code lading verify}.
 */
class KeysAndSignaturesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "pw-for-the-signing-test";
    private static final String WRONG_PASSWORD = "not-the-pw-of-this-key";
    private static final Map<String, String> KEY_ENV = Map.of("LADING_KEY_PASSWORD", PASSWORD);
    private static final String SIMPLE_SIGNING = "application/vnd.dev.cosign.simplesigning.v1+json";
    private static final String SIGNATURE = "dev.cosignproject.cosign/signature";

    @TempDir
    static Path work;
    static RegistryServer registry;
    static RegistryCurl curl;
    static Path key;
    static Path pub;
    static Path otherPub;
    static Path context;

    static Lading lading;

    @BeforeAll
    static void startRegistryAndMakeKeys() throws Exception {
        lading = new Lading(work.resolve("home"), Duration.ofMinutes(3));
        registry = RegistryServer.start(RegistryServer.Setup.anonymous());
        curl = new RegistryCurl(registry, Files.createDirectories(work.resolve("curl")));
        Path keys = Files.createDirectories(work.resolve("keys"));
        ok("keygen", "--out", keys.resolve("lading").toString());
        ok("keygen", "--out", keys.resolve("other").toString());
        key = keys.resolve("lading.key");
        pub = keys.resolve("lading.pub");
        otherPub = keys.resolve("other.pub");
        context = Files.createDirectories(work.resolve("context"));
        Files.write(context.resolve("data.bin"), new byte[] {1, 2, 3, 4, 5});
        Files.writeString(context.resolve("lading.yaml"), """
                from: scratch
                layers: [{name: data, files: [{src: data.bin, dest: /data.bin}]}]
                """);
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @Test
    void keygenWritesKeysThatOpensslReadsAndNeverOverwritesThem() throws Exception {
        String privatePem = Files.readString(key);
        assertTrue(privatePem.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"), privatePem);
        Tool.Result decrypted = openssl(KEY_ENV, "pkey", "-in", key.toString(), "-passin", "env:LADING_KEY_PASSWORD",
                "-noout");
        assertEquals(0, decrypted.exitCode(), decrypted.toString());
        assertNotEquals(0, openssl(Map.of("LADING_KEY_PASSWORD", WRONG_PASSWORD), "pkey", "-in", key.toString(),
                "-passin", "env:LADING_KEY_PASSWORD", "-noout").exitCode(), "the key is encrypted with the password");
        opensslOk("pkey", "-pubin", "-in", pub.toString(), "-noout");
        Tool.Result derived = openssl(KEY_ENV, "pkey", "-in", key.toString(), "-passin", "env:LADING_KEY_PASSWORD",
                "-pubout");
        assertEquals(Files.readString(pub), derived.stdout(), "the .pub file is the public half of the .key file");
        assertTrue(opensslOk("pkey", "-pubin", "-in", pub.toString(), "-text", "-noout").contains("NIST CURVE: P-256"));

        Tool.Result again = run(2, KEY_ENV, "keygen", "--out", key.toString().replace(".key", ""));
        assertTrue(again.stderr().contains("already exists"), again.stderr());
        assertEquals(privatePem, Files.readString(key), "the existing key is untouched");

        Path fresh = work.resolve("no-password");
        // empty counts as unset, and overrides a password the test's own environment might hold
        Tool.Result noPassword = run(2, Map.of("LADING_KEY_PASSWORD", ""), "keygen", "--out", fresh.toString());
        assertTrue(noPassword.stderr().contains("LADING_KEY_PASSWORD"), noPassword.stderr());
        assertFalse(Files.exists(work.resolve("no-password.key")), "no key without a password");
    }

    @Test
    void aSignatureStoredByLadingVerifiesWithOpensslSkopeoAndLading(@TempDir Path dir) throws Exception {
        PushedImage image = push("signed");
        Tool.Result signed = ok("sign", "--key", key.toString(), registry.reference("signed:1"));
        assertTrue(signed.stdout().contains("signed " + registry.reference("signed") + "@" + image.index()),
                signed.stdout());

        String tag = PushedImage.signatureTag(image.index());
        byte[] stored = curl.manifest("signed", tag);
        JsonNode layer = JSON.readTree(stored).path("layers").path(0);
        assertEquals(SIMPLE_SIGNING, layer.path("mediaType").asText());
        byte[] payload = curl.blob("signed", layer.path("digest").asText());
        assertEquals(layer.path("digest").asText(), BusyboxBase.digest(payload));
        Path payloadFile = Files.write(dir.resolve("payload.json"), payload);
        Path signature = Files.write(dir.resolve("sig.der"),
                Base64.getDecoder().decode(layer.path("annotations").path(SIGNATURE).asText()));
        String verified = opensslOk("dgst", "-sha256", "-verify", pub.toString(), "-signature", signature.toString(),
                payloadFile.toString());
        assertEquals("Verified OK", verified.trim());
        JsonNode claim = JSON.readTree(payload);
        assertEquals(image.index(), claim.at("/critical/image/docker-manifest-digest").asText());
        assertEquals(registry.reference("signed"), claim.at("/critical/identity/docker-reference").asText());
        assertEquals("cosign container image signature", claim.at("/critical/type").asText());

        String raw = Tool.ok("skopeo", "inspect", "--raw", "--tls-verify=false",
                "docker://" + registry.reference("signed:" + tag));
        assertTrue(raw.contains(SIMPLE_SIGNING), raw);

        Tool.Result ours = ok("verify", "--key", pub.toString(), registry.reference("signed:1"));
        assertTrue(ours.stdout().contains("verified " + registry.reference("signed") + "@" + image.index()
                + ": signature 1, identity " + registry.reference("signed")), ours.stdout());
        Tool.Result otherKey = run(1, Map.of(), "verify", "--key", otherPub.toString(), registry.reference("signed:1"));
        assertTrue(otherKey.stderr().contains("does not verify with this key"), otherKey.stderr());

        Tool.Result twice = ok("sign", "--key", key.toString(), registry.reference("signed:1"));
        assertTrue(twice.stdout().contains("already signed with this key"), twice.stdout());
        assertArrayEquals(stored, curl.manifest("signed", tag), "signing again changes nothing");
    }

    @Test
    void aSignatureMadeByOpensslVerifiesAndLadingAppendsItsOwn(@TempDir Path dir) throws Exception {
        Path opensslKey = dir.resolve("openssl.key");
        Path opensslPub = dir.resolve("openssl.pub");
        opensslOk("ecparam", "-genkey", "-name", "prime256v1", "-noout", "-out", opensslKey.toString());
        opensslOk("pkey", "-in", opensslKey.toString(), "-pubout", "-out", opensslPub.toString());
        PushedImage image = push("by-openssl");

        // the claim written by hand, in another layout than lading's: lading must read the JSON, not compare bytes
        String payload = "{\n  \"critical\": {\n    \"type\": \"cosign container image signature\",\n"
                + "    \"image\": {\"docker-manifest-digest\": \"" + image.index() + "\"},\n"
                + "    \"identity\": {\"docker-reference\": \"" + registry.reference("by-openssl") + "\"}\n  },\n"
                + "  \"optional\": {\"signed-by\": \"openssl\"}\n}\n";
        Path payloadFile = Files.writeString(dir.resolve("payload.json"), payload);
        Path signature = dir.resolve("sig.der");
        opensslOk("dgst", "-sha256", "-sign", opensslKey.toString(), "-out", signature.toString(),
                payloadFile.toString());
        putSignatureImage("by-openssl", image.index(), List.of(layer("by-openssl",
                payload.getBytes(StandardCharsets.UTF_8), Files.readAllBytes(signature))));

        Tool.Result verified = ok("verify", "--key", opensslPub.toString(), registry.reference("by-openssl:1"));
        assertTrue(verified.stdout().contains("signature 1, identity " + registry.reference("by-openssl")),
                verified.stdout());
        run(1, Map.of(), "verify", "--key", pub.toString(), registry.reference("by-openssl:1"));

        // openssl's key is unencrypted SEC1 PEM: lading signs with it and keeps openssl's signature
        ok("sign", "--key", opensslKey.toString(), registry.reference("by-openssl:1"));
        JsonNode layers = JSON.readTree(curl.manifest("by-openssl", PushedImage.signatureTag(image.index()))).path("layers");
        assertEquals(2, layers.size(), layers.toString());
        Tool.Result both = ok("verify", "--key", opensslPub.toString(), registry.reference("by-openssl:1"));
        assertTrue(both.stdout().contains("signature 1,") && both.stdout().contains("signature 2,"), both.stdout());
    }

    @Test
    void forgedAndMissingSignaturesFailVerification() throws Exception {
        PushedImage image = push("forged");
        String repo = registry.reference("forged");
        Tool.Result none = run(1, Map.of(), "verify", "--key", pub.toString(), repo + ":1");
        assertTrue(none.stderr().contains("no signatures: " + repo + " has no tag " + PushedImage.signatureTag(image.index())),
                none.stderr());

        ok("sign", "--key", key.toString(), repo + ":1");
        byte[] genuine = curl.manifest("forged", PushedImage.signatureTag(image.index()));
        // a valid signature of the index, put where the signature of the amd64 image belongs
        curl.putManifest("forged", PushedImage.signatureTag(image.amd64()), genuine);
        Tool.Result moved = run(1, Map.of(), "verify", "--key", pub.toString(), repo + "@" + image.amd64());
        assertTrue(moved.stderr().contains("it signs " + image.index() + ", not " + image.amd64()), moved.stderr());

        // the payload changed in the registry to claim the amd64 image, under the original signature
        JsonNode layer = JSON.readTree(genuine).path("layers").path(0);
        String original = new String(curl.blob("forged", layer.path("digest").asText()), StandardCharsets.UTF_8);
        byte[] changed = original.replace(image.index(), image.amd64()).getBytes(StandardCharsets.UTF_8);
        byte[] signature = Base64.getDecoder().decode(layer.path("annotations").path(SIGNATURE).asText());
        putSignatureImage("forged", image.amd64(), List.of(layer("forged", changed, signature)));
        Tool.Result tampered = run(1, Map.of(), "verify", "--key", pub.toString(), repo + "@" + image.amd64());
        assertTrue(tampered.stderr().contains("does not verify with this key"), tampered.stderr());

        ok("verify", "--key", pub.toString(), repo + ":1");
        Tool.Result nothing = run(1, Map.of(), "verify", "--key", pub.toString(), registry.reference("nothing:here"));
        assertTrue(nothing.stderr().contains(registry.reference("nothing:here") + ": not found"), nothing.stderr());
        Tool.Result unsignable = run(1, KEY_ENV, "sign", "--key", key.toString(), registry.reference("nothing:here"));
        assertTrue(unsignable.stderr().contains("not found"), unsignable.stderr());
    }

    @Test
    void buildAndPushWithASignKeySignTheIndexAndEveryPlatform(@TempDir Path dir) throws Exception {
        Path metadata = dir.resolve("metadata.json");
        Path layout = dir.resolve("layout");
        Tool.Result build = ok("build", context.toString(), "--platform", "amd64,arm64", "-t",
                registry.reference("built:1"), "--push", "--sign-key", key.toString(), "--metadata-file",
                metadata.toString(), "--output", "type=oci,dest=" + layout, "--progress", "quiet");
        PushedImage image = PushedImage.read(metadata);
        for (String digest : List.of(image.index(), image.amd64(), image.arm64())) {
            assertTrue(build.stdout().contains("signed " + registry.reference("built") + "@" + digest), build.stdout());
            ok("verify", "--key", pub.toString(), registry.reference("built") + "@" + digest);
        }

        Tool.Result push = ok("push", "oci:" + layout, registry.reference("pushed:1"), "--sign-key", key.toString(),
                "--progress", "quiet");
        assertEquals(3, push.stdout().lines().filter(l -> l.startsWith("signed ")).count(), push.stdout());
        ok("verify", "--key", pub.toString(), registry.reference("pushed") + "@" + image.arm64());
    }

    @Test
    void aKeyThatCannotBeUsedIsAClearErrorAndNothingIsPushed(@TempDir Path dir) throws Exception {
        String target = registry.reference("never:1");
        Tool.Result wrong = run(2, Map.of("LADING_KEY_PASSWORD", WRONG_PASSWORD), "build", context.toString(),
                "--platform", "amd64,arm64", "-t", target, "--push", "--sign-key", key.toString());
        assertTrue(wrong.stderr().contains("wrong password for " + key), wrong.stderr());

        Path rsa = dir.resolve("rsa.key");
        opensslOk("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", rsa.toString());
        Tool.Result rsaBuild = run(2, KEY_ENV, "build", context.toString(), "-t", target, "--push", "--sign-key",
                rsa.toString());
        assertTrue(rsaBuild.stderr().contains("holds an RSA key"), rsaBuild.stderr());

        Tool.Result publicKey = run(2, KEY_ENV, "push", "oci:" + dir.resolve("absent"), target, "--sign-key",
                pub.toString());
        assertTrue(publicKey.stderr().contains("holds a public key; signing needs the private key"),
                publicKey.stderr());
        assertEquals(404, curl.manifestStatus("never", "1"), "no tag after a key failed to load");
        String catalog = curl.get("/v2/_catalog");
        assertTrue(catalog.contains("\"repositories\"") && !catalog.contains("never"), "not even a blob: " + catalog);

        Path p384 = dir.resolve("p384.key");
        opensslOk("ecparam", "-genkey", "-name", "secp384r1", "-noout", "-out", p384.toString());
        PushedImage image = push("curves");
        Tool.Result curve = run(2, KEY_ENV, "sign", "--key", p384.toString(), registry.reference("curves:1"));
        assertTrue(curve.stderr().contains("an EC key on curve secp384r1"), curve.stderr());
        Tool.Result swapped = run(2, Map.of(), "verify", "--key", key.toString(), registry.reference("curves:1"));
        assertTrue(swapped.stderr().contains("holds a private key; verifying needs the public key"),
                swapped.stderr());
        assertEquals(404, curl.manifestStatus("curves", PushedImage.signatureTag(image.index())), "no signature from a refused key");
        Tool.Result unpushed = run(2, KEY_ENV, "build", context.toString(), "--sign-key", key.toString());
        assertTrue(unpushed.stderr().contains("--sign-key signs what is pushed"), unpushed.stderr());
    }

    // ---- helpers ----

    /** The digests of a pushed image: its index and its two platform manifests. */

    /** Builds the small two-platform image and pushes it as {@code REPOSITORY:1}. */
    private static PushedImage push(String repository) throws Exception {
        Path metadata = work.resolve(repository + "-metadata.json");
        ok("build", context.toString(), "--platform", "amd64,arm64", "-t", registry.reference(repository + ":1"),
                "--push", "--metadata-file", metadata.toString(), "--progress", "quiet");
        return PushedImage.read(metadata);
    }


    /** A signature layer as cosign writes it, its payload uploaded: the signature is in the annotation. */
    private static ObjectNode layer(String repository, byte[] payload, byte[] signature) throws Exception {
        ObjectNode layer = JSON.createObjectNode().put("mediaType", SIMPLE_SIGNING)
                .put("digest", curl.putBlob(repository, payload)).put("size", payload.length);
        layer.putObject("annotations").put(SIGNATURE, Base64.getEncoder().encodeToString(signature));
        return layer;
    }

    /** Puts a signature image made by hand with curl under the signature tag of {@code digest}. */
    private static void putSignatureImage(String repository, String digest, List<ObjectNode> layers) throws Exception {
        ArrayNode diffIds = JSON.createArrayNode();
        ArrayNode layerArray = JSON.createArrayNode();
        for (ObjectNode layer : layers) {
            diffIds.add(layer.path("digest").asText());
            layerArray.add(layer);
        }
        ObjectNode config = JSON.createObjectNode().put("architecture", "").put("os", "");
        config.putObject("config");
        config.putObject("rootfs").put("type", "layers").set("diff_ids", diffIds);
        byte[] configBytes = JSON.writeValueAsBytes(config);
        ObjectNode manifest = JSON.createObjectNode().put("schemaVersion", 2)
                .put("mediaType", RegistryCurl.OCI_MANIFEST);
        manifest.putObject("config").put("mediaType", "application/vnd.oci.image.config.v1+json")
                .put("digest", curl.putBlob(repository, configBytes)).put("size", configBytes.length);
        manifest.set("layers", layerArray);
        curl.putManifest(repository, PushedImage.signatureTag(digest), JSON.writeValueAsBytes(manifest));
    }

    private static Tool.Result ok(String... args) throws Exception {
        return run(0, KEY_ENV, args);
    }

    /**
     * Runs the lading jar with its own home, insists on the exit code, and checks that no stack trace and no
     * password (the right one or a wrong one) ever reaches the output.
     */
    private static Tool.Result run(int exitCode, Map<String, String> env, String... args) throws Exception {
        Tool.Result result = lading.run(env, args);
        assertEquals(exitCode, result.exitCode(), String.join(" ", args) + "\n" + result);
        assertFalse(result.stderr().contains("\tat "), "a stack trace reached the user:\n" + result.stderr());
        for (String secret : List.of(PASSWORD, WRONG_PASSWORD)) {
            assertFalse(result.stdout().contains(secret) || result.stderr().contains(secret),
                    "a password reached the output:\n" + result);
        }
        return result;
    }

    private static Tool.Result openssl(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        return Tool.run(work, env, command);
    }

    private static String opensslOk(String... args) throws Exception {
        Tool.Result result = openssl(Map.of(), args);
        assertEquals(0, result.exitCode(), "openssl " + String.join(" ", args) + "\n" + result);
        return result.stdout();
    }
}
