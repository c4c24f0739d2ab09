package dev.lading.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Digest;
import dev.lading.core.model.MediaTypes;
import dev.lading.core.testing.UnreadOrigin;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where blobs live, as a push asks it: which origin holds a blob, and which repository to mount it from. */
class BlobOriginsTest {
    private static final Descriptor LAYER = new Descriptor(MediaTypes.OCI_LAYER_GZIP,
            Digest.sha256("layer".getBytes()), 5);
    private static final Descriptor ELSEWHERE = new Descriptor(MediaTypes.OCI_LAYER_GZIP,
            Digest.sha256("other".getBytes()), 5);

    @Test
    void aBlobIsMountedOnlyWithinTheRegistryOfItsOrigin() {
        BlobOrigin origin = UnreadOrigin.of("registry.example:5000/team/base");
        BlobOrigins origins = BlobOrigins.of(List.of(LAYER), origin);

        assertSame(origin, origins.find(LAYER.digest()).orElseThrow());
        assertEquals(Optional.of("team/base"), origins.mountSource(LAYER.digest(), "registry.example:5000"));
        assertEquals(Optional.of("team/base"), origins.mountSource(LAYER.digest(), "REGISTRY.example:5000"),
                "registry hosts compare normalized");
        assertEquals(Optional.empty(), origins.mountSource(LAYER.digest(), "other.example"));
        assertEquals(Optional.empty(), origins.mountSource(ELSEWHERE.digest(), "registry.example:5000"));
        assertEquals(Optional.empty(), BlobOrigins.NONE.find(LAYER.digest()));
    }
}
