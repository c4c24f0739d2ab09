package dev.lading.core.job;

import dev.lading.core.cache.CacheLocations;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lading.core.InputException;
import dev.lading.core.LadingException;
import dev.lading.core.attest.AttestationOptions;
import dev.lading.core.io.Compression;
import dev.lading.core.layer.Layer;
import dev.lading.core.model.ImageFormat;
import dev.lading.core.model.Json;
import dev.lading.core.model.Reference;
import dev.lading.core.model.RepositoryName;
import dev.lading.core.output.OutputSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A build that pushes: what the publisher gets and when, and the metadata file that follows a push. */
class BuildJobPublishTest {
    private static final String YAML = """
            from: scratch
            platforms: [linux/amd64, linux/arm64]
            layers:
              - name: config
                files:
                  - src: etc
                    dest: /etc/app
              - name: data
                files:
                  - src: data
                    dest: /data
            """;
    private static final Reference TAG = Reference.parse("registry.example/cats/hello:1");

    @TempDir
    Path dir;

    private Path context() throws IOException {
        return BuildFixture.context(dir.resolve("ctx"), YAML, "etc/a.conf", "a=1\n", "data/b.txt", "b\n");
    }

    private Path metadata() {
        return dir.resolve("metadata.json");
    }

    private BuildJob.Options options(List<Reference> tags, List<OutputSpec> outputs, boolean byDigest, boolean signs)
            throws IOException {
        return new BuildJob.Options(context(), null, null, tags, outputs, byDigest, signs, ImageFormat.OCI,
                Compression.GZIP, metadata(), dir.resolve("store"), 0, 2, AttestationOptions.DEFAULT, "9.9.9");
    }

    private BuildJob.Summary run(BuildJob.Options options, Publisher publisher) throws IOException {
        return BuildJob.run(options, NativeBuilder.NONE, BaseImageSource.NONE, TargetPackages.NONE, publisher,
                CacheLocations.LOCAL_ONLY, BuildListener.NONE);
    }

    @Test
    void thePublisherGetsEveryStoredLayerBeforeTheResultAndTheMetadataFollows() throws IOException {
        RecordingPublisher publisher = new RecordingPublisher(metadata(), false);
        BuildJob.Summary summary = run(options(List.of(TAG), List.of(OutputSpec.REGISTRY), false, false), publisher);

        BuildResult result = summary.result();
        Set<String> layers = new LinkedHashSet<>();
        for (BuildResult.PlatformImage image : result.images()) {
            for (Layer layer : image.layers()) {
                layers.add("layer " + layer.descriptor().digest() + " [linux/amd64, linux/arm64]");
            }
        }
        List<String> expected = new ArrayList<>();
        expected.add("open [" + TAG + "]");
        expected.addAll(layers);
        expected.add("publish " + result.index().digest());
        expected.add("close");
        assertEquals(expected, publisher.events, "each layer once, shared by both platforms, stored before it is"
                + " handed on; the result after every layer; the metadata not yet written");
        assertEquals(2, layers.size());

        assertEquals(List.of(new Publisher.Pushed(RepositoryName.parse("registry.example/cats/hello"), result.index(),
                3, 1, 0)), summary.published().orElseThrow().repositories());
        assertEquals(List.of(), summary.outputs(), "a push writes no file output");
        JsonNode metadata = Json.mapper().readTree(metadata().toFile());
        assertEquals(result.index().digest().toString(), metadata.get("containerimage.digest").asText(),
                "a push's metadata describes the pushed index");
        assertEquals(TAG.toString(), metadata.get("image.name").asText());
    }

    @Test
    void aFailedPushLeavesNoMetadataFile() throws IOException {
        RecordingPublisher publisher = new RecordingPublisher(metadata(), true);
        LadingException e = assertThrows(LadingException.class,
                () -> run(options(List.of(TAG), List.of(OutputSpec.REGISTRY), false, false), publisher));

        assertEquals("the registry refused the push", e.getMessage());
        assertFalse(Files.exists(metadata()));
        assertEquals("close", publisher.events.get(publisher.events.size() - 1), "the push is closed on failure too");
    }

    @Test
    void aPushByDigestNamesTheRepositoryAloneInTheMetadata() throws IOException {
        RecordingPublisher publisher = new RecordingPublisher(metadata(), false);
        run(options(List.of(TAG), List.of(OutputSpec.REGISTRY), true, false), publisher);

        assertEquals("open [" + TAG + "] by digest", publisher.events.get(0));
        assertEquals("registry.example/cats/hello",
                Json.mapper().readTree(metadata().toFile()).get("image.name").asText());
    }

    @Test
    void withoutARegistryOutputNothingIsPublished() throws IOException {
        RecordingPublisher publisher = new RecordingPublisher(metadata(), false);
        BuildJob.Summary summary = run(options(List.of(TAG), List.of(), false, false), publisher);

        assertEquals(List.of(), publisher.events);
        assertFalse(summary.published().isPresent());
        assertEquals(summary.result().layoutIndex().digest().toString(),
                Json.mapper().readTree(metadata().toFile()).get("containerimage.digest").asText());
    }

    @Test
    void aPushNeedsATagAndASignatureNeedsAPush() {
        InputException noTag = assertThrows(InputException.class,
                () -> options(List.of(), List.of(OutputSpec.REGISTRY), false, false));
        assertEquals("--push needs a -t/--tag naming the repository to push to", noTag.getMessage());
        InputException noPush = assertThrows(InputException.class,
                () -> options(List.of(TAG), List.of(), false, true));
        assertEquals("--sign-key signs what is pushed; add --push", noPush.getMessage());
    }

    @Test
    void withoutARegistryClientAPushIsRefused() throws IOException {
        BuildJob.Options options = options(List.of(TAG), List.of(OutputSpec.REGISTRY), false, false);
        InputException e = assertThrows(InputException.class,
                () -> BuildJob.run(options, NativeBuilder.NONE, BuildListener.NONE));
        assertEquals("a push needs the registry client, which this caller does not provide", e.getMessage());
    }
}
