package dev.lading.core.attest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.lading.core.model.Blob;
import dev.lading.core.model.MediaTypes;
import java.util.List;
import java.util.Map;

/**
 * An in-toto Statement v1: a predicate about the platform image it names as its subject. Its bytes are the
 * layer of an attestation manifest, so they come from {@link #blob()} and nowhere else.
 */
@JsonPropertyOrder({"_type", "subject", "predicateType", "predicate"})
public record Statement(@JsonProperty("_type") String type, @JsonProperty("subject") List<Subject> subject,
                        @JsonProperty("predicateType") String predicateType,
                        @JsonProperty("predicate") Object predicate) {
    public static final String TYPE = "https://in-toto.io/Statement/v1";

    public Statement {
        subject = List.copyOf(subject);
    }

    /** @param digest algorithm to lowercase hex, e.g. {@code sha256} */
    @JsonPropertyOrder({"name", "digest"})
    public record Subject(String name, Map<String, String> digest) {
        public Subject {
            digest = Map.copyOf(digest);
        }
    }

    /** A statement whose subject is the platform image, once under each name the build gives it. */
    static Statement about(BuildFacts build, ImageFacts image, String predicateType, Object predicate) {
        Map<String, String> digest = Map.of("sha256", image.manifest().digest().hex());
        List<String> names = build.tags().isEmpty() ? List.of(Purls.image(null, image.platform()))
                : build.tags().stream().map(tag -> Purls.image(tag, image.platform())).distinct().toList();
        return new Statement(TYPE, names.stream().map(name -> new Subject(name, digest)).toList(), predicateType,
                predicate);
    }

    public Blob blob() {
        return Blob.json(MediaTypes.IN_TOTO, this);
    }
}
