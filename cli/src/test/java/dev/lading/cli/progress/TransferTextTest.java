package dev.lading.cli.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lading.core.model.Descriptor;
import dev.lading.core.model.MediaTypes;
import dev.lading.registry.TransferListener.Outcome;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TransferTextTest {
    @ParameterizedTest
    @CsvSource({
        MediaTypes.OCI_LAYER_GZIP + ", layer", MediaTypes.DOCKER_LAYER_GZIP + ", layer",
        MediaTypes.OCI_CONFIG + ", config", MediaTypes.DOCKER_CONFIG + ", config",
        MediaTypes.OCI_MANIFEST + ", manifest", MediaTypes.DOCKER_MANIFEST_LIST + ", index",
        MediaTypes.OCI_INDEX + ", index", MediaTypes.OCI_EMPTY + ", blob"})
    void kindsFollowTheMediaType(String mediaType, String kind) {
        assertEquals(kind, TransferText.kind(mediaType));
    }

    @Test
    void blobLinesNameOutcomeKindDigestLabelSizeAndDuration() {
        Descriptor layer = Events.layer(0x0123abcd, 12897485);
        assertEquals("pushed layer sha256:0123abcd… linux/amd64, linux/arm64  12.3 MiB  0.41s",
                TransferText.blobDone(layer, Outcome.UPLOADED, Events.BOTH, Duration.ofMillis(410)));
        assertEquals("exists layer sha256:0123abcd… linux/arm64  12.3 MiB  0.00s",
                TransferText.blobDone(layer, Outcome.EXISTED, "linux/arm64", Duration.ZERO));
        // a blob whose start was never reported still gets its line, without a label
        assertEquals("mounted layer sha256:0123abcd…  12.3 MiB  0.02s",
                TransferText.blobDone(layer, Outcome.MOUNTED, null, Duration.ofMillis(20)));
    }

    @Test
    void aManifestByDigestIsShortenedAndOneByTagIsNot() {
        Descriptor manifest = Events.manifest(7);
        assertEquals("manifest localhost:5000/app@sha256:00000007…  0.02s", TransferText.manifest(manifest,
                "localhost:5000/app@" + manifest.digest(), Duration.ofMillis(20)));
        assertEquals("index localhost:5000/app:v1  1.50s",
                TransferText.manifest(Events.index(8), "localhost:5000/app:v1", Duration.ofMillis(1500)));
    }

    @Test
    void retriesShowTheReasonAsGiven() {
        assertEquals("retry PUT blob (attempt 2 in 1.0s): 503 Service Unavailable",
                TransferText.retry("PUT blob", 2, Duration.ofSeconds(1), "503 Service Unavailable"));
    }
}
