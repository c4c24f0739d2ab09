package dev.lading.registry.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.model.Blob;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Digest;
import dev.lading.core.model.MediaTypes;
import dev.lading.core.sign.SigningKey;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checks on one signature layer, without a registry: key, payload bytes, and the claim in them. */
class VerifierCheckTest {
    private static final SigningKey KEY = SigningKey.generate();
    private static final Digest IMAGE = Digest.sha256("the image".getBytes(StandardCharsets.UTF_8));
    private static final Digest OTHER = Digest.sha256("another image".getBytes(StandardCharsets.UTF_8));

    @Test
    void thePayloadIsCosignsSimpleSigningJsonToTheByte() {
        String expected = "{\"critical\":{\"identity\":{\"docker-reference\":\"localhost:5000/app\"},"
                + "\"image\":{\"docker-manifest-digest\":\"" + IMAGE + "\"},"
                + "\"type\":\"cosign container image signature\"},\"optional\":null}";
        byte[] payload = SimpleSigning.of("localhost:5000/app", IMAGE).bytes();
        assertEquals(expected, new String(payload, StandardCharsets.UTF_8));
    }

    @Test
    void aSignatureByTheKeyOverAClaimAboutTheImageIsValid() {
        byte[] payload = SimpleSigning.of("localhost:5000/app", IMAGE).bytes();
        Verifier.Check check = Verifier.check(3, layer(payload, KEY.sign(payload)), payload, IMAGE,
                KEY.verificationKey());
        Verifier.Valid valid = assertInstanceOf(Verifier.Valid.class, check);
        assertEquals(3, valid.layer());
        assertEquals("localhost:5000/app", valid.identity());
        assertEquals(Digest.sha256(payload), valid.payload());
    }

    @Test
    void anotherKeysSignatureIsRejected() {
        byte[] payload = SimpleSigning.of("localhost:5000/app", IMAGE).bytes();
        byte[] signature = SigningKey.generate().sign(payload);
        assertRejected(layer(payload, signature), payload, IMAGE, "does not verify with this key");
    }

    @Test
    void aChangedPayloadIsRejected() {
        byte[] signed = SimpleSigning.of("localhost:5000/app", IMAGE).bytes();
        byte[] changed = SimpleSigning.of("localhost:5000/app", OTHER).bytes();
        assertRejected(layer(signed, KEY.sign(signed)).withAnnotations(layer(changed, KEY.sign(signed)).annotations()),
                changed, IMAGE, "does not verify with this key");
    }

    @Test
    void aValidSignatureOfAnotherDigestIsRejected() {
        byte[] payload = SimpleSigning.of("localhost:5000/app", OTHER).bytes();
        assertRejected(layer(payload, KEY.sign(payload)), payload, IMAGE,
                "not about this image: it signs " + OTHER + ", not " + IMAGE);
    }

    @Test
    void malformedLayersAreRejectedWithTheirReason() {
        byte[] payload = SimpleSigning.of("localhost:5000/app", IMAGE).bytes();
        Descriptor bare = Blob.of(MediaTypes.COSIGN_SIMPLE_SIGNING, payload).descriptor();
        assertRejected(bare, payload, IMAGE, "no dev.cosignproject.cosign/signature annotation");
        assertRejected(bare.withAnnotations(Map.of("dev.cosignproject.cosign/signature", "%%%")), payload, IMAGE,
                "not base64");
        byte[] notJson = "not json".getBytes(StandardCharsets.UTF_8);
        assertRejected(layer(notJson, KEY.sign(notJson)), notJson, IMAGE, "not a simple signing document");
        byte[] otherType = new String(payload, StandardCharsets.UTF_8).replace("cosign container image signature",
                "something else").getBytes(StandardCharsets.UTF_8);
        assertRejected(layer(otherType, KEY.sign(otherType)), otherType, IMAGE, "its type is not");
        assertRejected(layer(payload, new byte[] {0x30, 0x02, 0x02, 0x00}), payload, IMAGE, "does not verify");
    }

    private static void assertRejected(Descriptor layer, byte[] payload, Digest subject, String reason) {
        Verifier.Check check = Verifier.check(1, layer, payload, subject, KEY.verificationKey());
        Verifier.Rejected rejected = assertInstanceOf(Verifier.Rejected.class, check);
        assertTrue(rejected.reason().contains(reason), rejected.reason());
    }

    private static Descriptor layer(byte[] payload, byte[] signature) {
        return SignatureImage.layer(Blob.of(MediaTypes.COSIGN_SIMPLE_SIGNING, payload),
                Base64.getEncoder().encodeToString(signature));
    }
}
