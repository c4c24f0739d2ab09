package dev.lading.core.model;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Fields that the documents written field by field share: the same value always gives the same bytes. */
public final class JsonFields {
    private JsonFields() {
    }

    /** A string field, left out when null or empty, as the documents leave out what they do not have. */
    public static void text(JsonGenerator json, String name, String value) throws IOException {
        if (value != null && !value.isEmpty()) {
            json.writeStringField(name, value);
        }
    }

    /** An array of strings in their order. */
    public static void strings(JsonGenerator json, String name, List<String> values) throws IOException {
        json.writeArrayFieldStart(name);
        for (String value : values) {
            json.writeString(value);
        }
        json.writeEndArray();
    }

    /** An object of strings with its keys in order, whatever order the map keeps. */
    public static void sorted(JsonGenerator json, String name, Map<String, String> map) throws IOException {
        json.writeObjectFieldStart(name);
        for (Map.Entry<String, String> entry : new TreeMap<>(map).entrySet()) {
            json.writeStringField(entry.getKey(), entry.getValue());
        }
        json.writeEndObject();
    }
}
