package dev.lading.core.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * The one door for the model's JSON. Map keys are sorted and the property order is fixed, so a value always
 * serializes to the same bytes; digests are taken from exactly those bytes ({@link Blob}).
 *
 * <p>The image documents (manifests, indexes, configs and what they hold) go through {@link ModelJson}, field by
 * field on jackson-core's streaming parser and generator, and so do the attestations and lading's own small files
 * ({@link #generator}, {@link #object}, {@link #parser}); the rest (the cache index, {@code inspect}'s and the
 * progress events' JSON) goes through Jackson's data binding. The mapper is made on first use only: making it and
 * its first serializers and deserializers took about a third of a no-op rebuild's main thread, and a no-op
 * rebuild + push now never needs it.
 */
public final class Json {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private Json() {
    }

    /** Made when a class first asks for data binding, not when the model is first used. */
    private static final class Mapper {
        static final ObjectMapper INSTANCE = JsonMapper.builder()
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    public static ObjectMapper mapper() {
        return Mapper.INSTANCE;
    }

    /** A generator that leaves {@code out} open; values that need data binding cannot be written to it. */
    public static JsonGenerator generator(OutputStream out) throws IOException {
        return FACTORY.createGenerator(out).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    }

    /** A document that must be a JSON object, read without data binding; see {@link JsonObject}. */
    public static JsonObject object(byte[] bytes) throws IOException {
        return JsonObject.read(FACTORY.createParser(bytes));
    }

    /** A streaming parser over {@code in}, which it closes. */
    public static JsonParser parser(InputStream in) throws IOException {
        return FACTORY.createParser(in);
    }

    public static byte[] bytes(Object value) {
        try {
            return ModelJson.writes(value) ? bytes(json -> ModelJson.write(json, value))
                    : mapper().writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    /** Writes one JSON value field by field. */
    @FunctionalInterface
    public interface Writer {
        void write(JsonGenerator json) throws IOException;
    }

    /** The bytes of what {@code writer} writes. */
    public static byte[] bytes(Writer writer) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator json = generator(out)) {
            writer.write(json);
        }
        return out.toByteArray();
    }

    /** Parses bytes read from a blob; a malformed document is an IOException naming what was read. */
    public static <T> T parse(byte[] bytes, Class<T> type, String what) throws IOException {
        try {
            if (ModelJson.reads(type)) {
                return type.cast(ModelJson.read(FACTORY.createParser(bytes), type));
            }
            return mapper().readValue(bytes, type);
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException("malformed " + what + ": " + firstLine(e.getMessage()), e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
