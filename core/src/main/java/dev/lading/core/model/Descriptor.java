package dev.lading.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** An OCI content descriptor: what a blob is, its digest and its exact size. */
@JsonPropertyOrder({"mediaType", "artifactType", "digest", "size", "annotations", "platform"})
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Descriptor(
        @JsonProperty("mediaType") String mediaType,
        @JsonProperty("artifactType") String artifactType,
        @JsonProperty("digest") Digest digest,
        @JsonProperty(value = "size") @JsonInclude(JsonInclude.Include.ALWAYS) long size,
        @JsonProperty("annotations") Map<String, String> annotations,
        @JsonProperty("platform") Platform platform) {

    private static final Pattern MEDIA_TYPE = Pattern.compile(
            "[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}");

    public Descriptor {
        if (mediaType == null || !MEDIA_TYPE.matcher(mediaType).matches()) {
            throw new IllegalArgumentException("malformed media type '" + mediaType + "'");
        }
        if (digest == null) {
            throw new IllegalArgumentException("a descriptor needs a digest");
        }
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size);
        }
        annotations = annotations == null ? Map.of() : Collections.unmodifiableSortedMap(new TreeMap<>(annotations));
    }

    public Descriptor(String mediaType, Digest digest, long size) {
        this(mediaType, null, digest, size, Map.of(), null);
    }

    public Descriptor withPlatform(Platform newPlatform) {
        return new Descriptor(mediaType, artifactType, digest, size, annotations, newPlatform);
    }

    public Descriptor withAnnotations(Map<String, String> newAnnotations) {
        return new Descriptor(mediaType, artifactType, digest, size, newAnnotations, platform);
    }

    /** The same content under another media type (OCI and Docker layer types are interchangeable). */
    public Descriptor withMediaType(String newMediaType) {
        return new Descriptor(newMediaType, artifactType, digest, size, annotations, platform);
    }
}
