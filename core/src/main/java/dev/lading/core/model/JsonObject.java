package dev.lading.core.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON object read into plain values (maps, lists, strings, numbers, booleans, null) with typed access to its
 * fields: what the model's readers take their fields from. An absent field and a null one read the same; a field of
 * the wrong JSON type is an IOException naming it. Of a repeated field the last counts, as with data binding.
 */
public final class JsonObject {
    private final Map<String, Object> fields;

    private JsonObject(Map<String, Object> fields) {
        this.fields = fields;
    }

    /** Reads one whole document, which must be an object, and nothing after it. */
    public static JsonObject read(JsonParser parser) throws IOException {
        try (parser) {
            Object value = value(parser, parser.nextToken());
            if (parser.nextToken() != null) {
                throw new IOException("more after the document's end at " + parser.currentLocation().offsetDescription());
            }
            if (!(value instanceof Map<?, ?>)) {
                throw new IOException("expected a JSON object");
            }
            return of(value);
        }
    }

    @SuppressWarnings("unchecked")
    private static JsonObject of(Object map) {
        return new JsonObject((Map<String, Object>) map);
    }

    private static Object value(JsonParser parser, JsonToken token) throws IOException {
        if (token == null) {
            throw new IOException("no JSON value");
        }
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
                    map.put(name, value(parser, parser.nextToken()));
                }
                return map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    list.add(value(parser, next));
                }
                return list;
            }
            case VALUE_STRING -> {
                return parser.getText();
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return parser.getNumberValue();
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return token == JsonToken.VALUE_TRUE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new IOException("unexpected " + token + " at " + parser.currentLocation().offsetDescription());
        }
    }

    public String string(String name) throws IOException {
        return typed(name, String.class, "a string");
    }

    /** An integral number that fits a long; {@code absent} when the field is absent or null. */
    public long number(String name, long absent) throws IOException {
        Number number = typed(name, Number.class, "a number");
        if (number == null) {
            return absent;
        }
        if (!(number instanceof Integer || number instanceof Long)) {
            throw new IOException("field '" + name + "' must be an integer that fits 64 bits, got " + number);
        }
        return number.longValue();
    }

    public boolean bool(String name) throws IOException {
        Boolean value = typed(name, Boolean.class, "true or false");
        return value != null && value;
    }

    public JsonObject object(String name) throws IOException {
        Map<?, ?> map = typed(name, Map.class, "an object");
        return map == null ? null : of(map);
    }

    public List<JsonObject> objects(String name) throws IOException {
        List<?> list = typed(name, List.class, "an array");
        if (list == null) {
            return null;
        }
        List<JsonObject> objects = new ArrayList<>(list.size());
        for (Object element : list) {
            if (!(element instanceof Map<?, ?>)) {
                throw new IOException("field '" + name + "' must be an array of objects");
            }
            objects.add(of(element));
        }
        return objects;
    }

    public List<String> strings(String name) throws IOException {
        List<?> list = typed(name, List.class, "an array");
        if (list == null) {
            return null;
        }
        List<String> strings = new ArrayList<>(list.size());
        for (Object element : list) {
            if (element != null && !(element instanceof String)) {
                throw new IOException("field '" + name + "' must be an array of strings");
            }
            strings.add((String) element);
        }
        return strings;
    }

    public Map<String, String> stringMap(String name) throws IOException {
        Map<?, ?> map = typed(name, Map.class, "an object");
        if (map == null) {
            return null;
        }
        Map<String, String> strings = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (entry.getValue() != null && !(entry.getValue() instanceof String)) {
                throw new IOException("field '" + name + "' must map names to strings");
            }
            strings.put((String) entry.getKey(), (String) entry.getValue());
        }
        return strings;
    }

    /** An object of objects ({@code ExposedPorts}, {@code Volumes}) as plain values. */
    public Map<String, Map<String, Object>> objectMap(String name) throws IOException {
        Map<?, ?> map = typed(name, Map.class, "an object");
        if (map == null) {
            return null;
        }
        Map<String, Map<String, Object>> objects = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            Object value = entry.getValue();
            if (value != null && !(value instanceof Map<?, ?>)) {
                throw new IOException("field '" + name + "' must map names to objects");
            }
            objects.put((String) entry.getKey(), value == null ? null : of(value).fields());
        }
        return objects;
    }

    /** The fields as read, unmodifiable. */
    public Map<String, Object> fields() {
        return Collections.unmodifiableMap(fields);
    }

    private <T> T typed(String name, Class<T> type, String expected) throws IOException {
        Object value = fields.get(name);
        if (value == null) {
            return null;
        }
        if (!type.isInstance(value)) {
            throw new IOException("field '" + name + "' must be " + expected);
        }
        return type.cast(value);
    }
}
