package dev.lading.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** An image index (OCI) or manifest list (Docker): one manifest per platform. Also the layout's index.json. */
@JsonPropertyOrder({"schemaVersion", "mediaType", "artifactType", "manifests", "subject", "annotations"})
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Index(
        @JsonProperty("schemaVersion") int schemaVersion,
        @JsonProperty("mediaType") String mediaType,
        @JsonProperty("artifactType") String artifactType,
        @JsonProperty("manifests") @JsonInclude(JsonInclude.Include.ALWAYS) List<Descriptor> manifests,
        @JsonProperty("subject") Descriptor subject,
        @JsonProperty("annotations") Map<String, String> annotations) {

    public Index {
        if (schemaVersion != 2) {
            throw new IllegalArgumentException("index schemaVersion must be 2, got " + schemaVersion);
        }
        manifests = manifests == null ? List.of() : List.copyOf(manifests);
        annotations = annotations == null ? Map.of() : Collections.unmodifiableSortedMap(new TreeMap<>(annotations));
    }

    public Index(String mediaType, List<Descriptor> manifests, Map<String, String> annotations) {
        this(2, mediaType, null, manifests, null, annotations);
    }

    public Index withManifests(List<Descriptor> newManifests) {
        return new Index(schemaVersion, mediaType, artifactType, newManifests, subject, annotations);
    }

    /** The first entry for a platform, as the spec says clients pick. */
    public Optional<Descriptor> manifestFor(Platform platform) {
        return manifests.stream().filter(d -> platform.equals(d.platform())).findFirst();
    }
}
