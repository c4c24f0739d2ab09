package dev.lading.registry.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.model.Blob;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Digest;
import dev.lading.core.model.Json;
import dev.lading.core.model.Manifest;
import dev.lading.core.model.MediaTypes;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SignatureImageTest {
    private static final Digest IMAGE = Digest.sha256("image".getBytes(StandardCharsets.UTF_8));

    @Test
    void theTagIsTheDigestWithADashAndSig() {
        assertEquals("sha256-" + IMAGE.hex() + ".sig", SignatureImage.tag(IMAGE));
    }

    @Test
    void aNewSignatureIsAppendedAndTheConfigListsEveryPayload() throws Exception {
        Descriptor first = layer("first", "c2lnMQ==");
        Descriptor second = layer("second", "c2lnMg==");
        SignatureImage one = SignatureImage.empty().with(first);
        Manifest stored = Json.parse(one.manifest().bytes(), Manifest.class, "signature manifest");
        SignatureImage two = SignatureImage.of(stored).with(second);

        Manifest manifest = Json.parse(two.manifest().bytes(), Manifest.class, "signature manifest");
        assertEquals(MediaTypes.OCI_MANIFEST, manifest.mediaType());
        assertEquals(java.util.List.of(first, second), manifest.layers(), "the earlier signature is kept, first");
        assertEquals(two.config().descriptor(), manifest.config());
        assertEquals("{\"architecture\":\"\",\"os\":\"\",\"config\":{},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                        + first.digest() + "\",\"" + second.digest() + "\"]}}",
                new String(two.config().bytes(), StandardCharsets.UTF_8));
        assertTrue(two.contains(first));
        assertFalse(two.contains(layer("first", "b3RoZXI=")), "the same payload with another signature is new");
    }

    private static Descriptor layer(String payload, String signature) {
        return SignatureImage.layer(Blob.of(MediaTypes.COSIGN_SIMPLE_SIGNING, payload.getBytes(StandardCharsets.UTF_8)),
                signature);
    }
}
