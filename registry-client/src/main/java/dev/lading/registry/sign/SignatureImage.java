package dev.lading.registry.sign;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.lading.core.LadingException;
import dev.lading.core.model.Annotations;
import dev.lading.core.model.Blob;
import dev.lading.core.model.ConfigFile;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Digest;
import dev.lading.core.model.Manifest;
import dev.lading.core.model.MediaTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The image in which cosign keeps the signatures of one digest, under the tag {@code sha256-<hex>.sig} of the
 * signed image's repository: an OCI manifest with one layer per signature, each layer a payload blob whose
 * annotation holds its signature. The config is never read by verifiers; it lists the payloads as diffIDs, as
 * go-containerregistry's empty image grown by those layers does.
 */
final class SignatureImage {
    /** cosign refuses to grow a signature image beyond this many layers; so does lading. */
    static final int MAX_SIGNATURES = 1000;

    private final List<Descriptor> layers;

    private SignatureImage(List<Descriptor> layers) {
        this.layers = List.copyOf(layers);
    }

    static SignatureImage empty() {
        return new SignatureImage(List.of());
    }

    /** An existing signature manifest, all of whose layers are kept: other keys' signatures stay valid. */
    static SignatureImage of(Manifest manifest) {
        return new SignatureImage(manifest.layers());
    }

    static String tag(Digest signed) {
        return signed.algorithm() + "-" + signed.hex() + ".sig";
    }

    /** The layer of one signature: the payload's descriptor, annotated with the base64 of the DER signature. */
    static Descriptor layer(Blob payload, String signatureBase64) {
        return payload.descriptor().withAnnotations(Map.of(
                Annotations.COSIGN_SIGNATURE, signatureBase64));
    }

    List<Descriptor> layers() {
        return layers;
    }

    /** Whether this very signature (same payload, same signature bytes) is here already. */
    boolean contains(Descriptor layer) {
        return layers.contains(layer);
    }

    SignatureImage with(Descriptor layer) {
        if (layers.size() >= MAX_SIGNATURES) {
            throw new LadingException("the signature image holds " + layers.size() + " signatures already, as"
                    + " many as cosign allows");
        }
        List<Descriptor> grown = new ArrayList<>(layers);
        grown.add(layer);
        return new SignatureImage(grown);
    }

    Blob config() {
        List<Digest> diffIds = layers.stream().map(Descriptor::digest).toList();
        return Blob.json(MediaTypes.OCI_CONFIG, new Config("", "", Map.of(), new ConfigFile.RootFs("layers", diffIds)));
    }

    Blob manifest() {
        return Blob.json(MediaTypes.OCI_MANIFEST, new Manifest(MediaTypes.OCI_MANIFEST, config().descriptor(), layers,
                Map.of()));
    }

    /** An image config with empty platform fields kept, unlike {@link ConfigFile} which drops them. */
    @JsonPropertyOrder({"architecture", "os", "config", "rootfs"})
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Config(@JsonProperty("architecture") String architecture, @JsonProperty("os") String os,
                  @JsonProperty("config") Map<String, Object> config,
                  @JsonProperty("rootfs") ConfigFile.RootFs rootfs) {
    }
}
