package dev.lading.core.attest;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Json;
import dev.lading.core.model.JsonFields;
import dev.lading.core.model.MediaTypes;
import dev.lading.core.store.BlobWriter;
import dev.lading.core.store.OciLayout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * An in-toto Statement v1: a predicate about the platform image it names as its subject. Its bytes are the layer
 * of an attestation manifest and come from {@link #writeTo} alone. The predicate is written as it is generated, not
 * built first: an SBOM has a few hundred bytes per file of the image, and an image may have a million files.
 *
 * @param predicate writes the predicate's JSON value
 */
public record Statement(List<Subject> subject, String predicateType, Predicate predicate) {
    public static final String TYPE = "https://in-toto.io/Statement/v1";

    public Statement {
        subject = List.copyOf(subject);
    }

    /** Writes one JSON value; writing it again gives the same bytes. */
    @FunctionalInterface
    public interface Predicate {
        void write(JsonGenerator json) throws IOException;
    }

    /** @param digest algorithm to lowercase hex, e.g. {@code sha256} */
    public record Subject(String name, Map<String, String> digest) {
        public Subject {
            digest = Map.copyOf(digest);
        }

        void write(JsonGenerator json) throws IOException {
            json.writeStartObject();
            json.writeStringField("name", name);
            JsonFields.sorted(json, "digest", digest);
            json.writeEndObject();
        }
    }

    /** A statement whose subject is the platform image, once under each name the build gives it. */
    static Statement about(BuildFacts build, ImageFacts image, String predicateType, Predicate predicate) {
        Map<String, String> digest = Map.of("sha256", image.manifest().digest().hex());
        List<String> names = build.tags().isEmpty() ? List.of(Purls.image(null, image.platform()))
                : build.tags().stream().map(tag -> Purls.image(tag, image.platform())).distinct().toList();
        return new Statement(names.stream().map(name -> new Subject(name, digest)).toList(), predicateType,
                predicate);
    }

    /** Writes the statement; the stream stays open. */
    public void writeTo(OutputStream out) throws IOException {
        try (JsonGenerator json = generator(out)) {
            json.writeStartObject();
            json.writeStringField("_type", TYPE);
            json.writeArrayFieldStart("subject");
            for (Subject each : subject) {
                each.write(json);
            }
            json.writeEndArray();
            json.writeStringField("predicateType", predicateType);
            json.writeFieldName("predicate");
            predicate.write(json);
            json.writeEndObject();
        }
    }

    /** Streams the statement into the store; returns its descriptor as a layer of an attestation manifest. */
    public Descriptor store(OciLayout store) throws IOException {
        try (BlobWriter writer = store.newBlobWriter()) {
            writeTo(writer);
            BlobWriter.Result stored = writer.commit(null);
            return new Descriptor(MediaTypes.IN_TOTO, stored.digest(), stored.size());
        }
    }

    /** The statement's bytes in memory, for statements known to be small. */
    public byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize a statement", e);
        }
        return out.toByteArray();
    }

    /** A generator that leaves {@code out} open. */
    static JsonGenerator generator(OutputStream out) throws IOException {
        return Json.generator(out);
    }
}
