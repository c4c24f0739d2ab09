package dev.lading.core.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The image documents field by field: descriptors, platforms, manifests, indexes and configs. Written in the order
 * each record's {@code @JsonPropertyOrder} gives, with what its {@code @JsonInclude} leaves out left out (an empty
 * string, list or map as well as null, except where the format needs the field: a descriptor's size, a manifest's
 * layers), and maps in key order: the bytes data binding writes for the same values, so digests stay what they
 * were. Read as the spec asks readers to: fields this model does not know are skipped.
 *
 * <p>The records keep their Jackson annotations: data binding still writes them where they sit inside other
 * documents (a cache index's entries, {@code inspect}'s output), and a test holds both ways to the same bytes.
 */
public final class ModelJson {
    private ModelJson() {
    }

    static boolean writes(Object value) {
        return value instanceof Manifest || value instanceof Index || value instanceof ConfigFile
                || value instanceof Descriptor || value instanceof Platform;
    }

    static boolean reads(Class<?> type) {
        return type == Manifest.class || type == Index.class || type == ConfigFile.class || type == Descriptor.class
                || type == Platform.class;
    }

    static void write(JsonGenerator json, Object value) throws IOException {
        if (value instanceof Manifest manifest) {
            write(json, manifest);
        } else if (value instanceof Index index) {
            write(json, index);
        } else if (value instanceof ConfigFile config) {
            write(json, config);
        } else if (value instanceof Descriptor descriptor) {
            write(json, descriptor);
        } else {
            write(json, (Platform) value);
        }
    }

    static Object read(JsonParser parser, Class<?> type) throws IOException {
        JsonObject object = JsonObject.read(parser);
        try {
            return type == Manifest.class ? manifest(object)
                    : type == Index.class ? index(object)
                    : type == ConfigFile.class ? config(object)
                    : type == Descriptor.class ? descriptor(object)
                    : platform(object);
        } catch (RuntimeException e) {
            // the records' own checks (a digest, a media type, the schema version) refuse the document
            throw new IOException(e.getMessage(), e);
        }
    }

    public static void write(JsonGenerator json, Descriptor descriptor) throws IOException {
        json.writeStartObject();
        field(json, "mediaType", descriptor.mediaType());
        field(json, "artifactType", descriptor.artifactType());
        json.writeStringField("digest", descriptor.digest().toString());
        json.writeNumberField("size", descriptor.size());
        field(json, "annotations", descriptor.annotations());
        if (descriptor.platform() != null) {
            json.writeFieldName("platform");
            write(json, descriptor.platform());
        }
        json.writeEndObject();
    }

    public static Descriptor descriptor(JsonObject json) throws IOException {
        if (json == null) {
            return null;
        }
        String digest = json.string("digest");
        JsonObject platform = json.object("platform");
        return new Descriptor(json.string("mediaType"), json.string("artifactType"),
                digest == null ? null : Digest.parse(digest), json.number("size", 0), json.stringMap("annotations"),
                platform == null ? null : platform(platform));
    }

    static void write(JsonGenerator json, Platform platform) throws IOException {
        json.writeStartObject();
        json.writeStringField("architecture", platform.architecture());
        json.writeStringField("os", platform.os());
        if (platform.variant() != null) {
            json.writeStringField("variant", platform.variant());
        }
        json.writeEndObject();
    }

    static Platform platform(JsonObject json) throws IOException {
        return new Platform(json.string("os"), json.string("architecture"), json.string("variant"));
    }

    static void write(JsonGenerator json, Manifest manifest) throws IOException {
        json.writeStartObject();
        json.writeNumberField("schemaVersion", manifest.schemaVersion());
        field(json, "mediaType", manifest.mediaType());
        field(json, "artifactType", manifest.artifactType());
        json.writeFieldName("config");
        write(json, manifest.config());
        descriptors(json, "layers", manifest.layers());
        if (manifest.subject() != null) {
            json.writeFieldName("subject");
            write(json, manifest.subject());
        }
        field(json, "annotations", manifest.annotations());
        json.writeEndObject();
    }

    static Manifest manifest(JsonObject json) throws IOException {
        return new Manifest((int) json.number("schemaVersion", 0), json.string("mediaType"),
                json.string("artifactType"), descriptor(json.object("config")), descriptors(json.objects("layers")),
                descriptor(json.object("subject")), json.stringMap("annotations"));
    }

    static void write(JsonGenerator json, Index index) throws IOException {
        json.writeStartObject();
        json.writeNumberField("schemaVersion", index.schemaVersion());
        field(json, "mediaType", index.mediaType());
        field(json, "artifactType", index.artifactType());
        descriptors(json, "manifests", index.manifests());
        if (index.subject() != null) {
            json.writeFieldName("subject");
            write(json, index.subject());
        }
        field(json, "annotations", index.annotations());
        json.writeEndObject();
    }

    static Index index(JsonObject json) throws IOException {
        return new Index((int) json.number("schemaVersion", 0), json.string("mediaType"), json.string("artifactType"),
                descriptors(json.objects("manifests")), descriptor(json.object("subject")),
                json.stringMap("annotations"));
    }

    static void write(JsonGenerator json, ConfigFile config) throws IOException {
        json.writeStartObject();
        field(json, "created", config.created());
        field(json, "architecture", config.architecture());
        field(json, "os", config.os());
        field(json, "variant", config.variant());
        json.writeFieldName("config");
        write(json, config.config());
        json.writeObjectFieldStart("rootfs");
        json.writeStringField("type", config.rootfs().type());
        json.writeArrayFieldStart("diff_ids");
        for (Digest diffId : config.rootfs().diffIds()) {
            json.writeString(diffId.toString());
        }
        json.writeEndArray();
        json.writeEndObject();
        if (!config.history().isEmpty()) {
            json.writeArrayFieldStart("history");
            for (ConfigFile.History history : config.history()) {
                json.writeStartObject();
                field(json, "created", history.created());
                field(json, "created_by", history.createdBy());
                field(json, "comment", history.comment());
                if (history.emptyLayer()) {
                    json.writeBooleanField("empty_layer", true);
                }
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        json.writeEndObject();
    }

    static ConfigFile config(JsonObject json) throws IOException {
        JsonObject rootfs = json.object("rootfs");
        List<JsonObject> history = json.objects("history");
        return new ConfigFile(json.string("created"), json.string("architecture"), json.string("os"),
                json.string("variant"), container(json.object("config")),
                rootfs == null ? null : new ConfigFile.RootFs(rootfs.string("type"), digests(rootfs.strings("diff_ids"))),
                history == null ? null : histories(history));
    }

    private static void write(JsonGenerator json, ContainerConfig config) throws IOException {
        json.writeStartObject();
        field(json, "User", config.user());
        objects(json, "ExposedPorts", config.exposedPorts());
        strings(json, "Env", config.env());
        strings(json, "Entrypoint", config.entrypoint());
        strings(json, "Cmd", config.cmd());
        objects(json, "Volumes", config.volumes());
        field(json, "WorkingDir", config.workingDir());
        field(json, "Labels", config.labels());
        field(json, "StopSignal", config.stopSignal());
        json.writeEndObject();
    }

    private static ContainerConfig container(JsonObject json) throws IOException {
        if (json == null) {
            return null;
        }
        return new ContainerConfig(json.string("User"), json.objectMap("ExposedPorts"), json.strings("Env"),
                json.strings("Entrypoint"), json.strings("Cmd"), json.objectMap("Volumes"), json.string("WorkingDir"),
                json.stringMap("Labels"), json.string("StopSignal"));
    }

    private static List<ConfigFile.History> histories(List<JsonObject> list) throws IOException {
        List<ConfigFile.History> histories = new ArrayList<>(list.size());
        for (JsonObject history : list) {
            histories.add(new ConfigFile.History(history.string("created"), history.string("created_by"),
                    history.string("comment"), history.bool("empty_layer")));
        }
        return histories;
    }

    private static List<Digest> digests(List<String> texts) {
        return texts == null ? null : texts.stream().map(Digest::parse).toList();
    }

    private static List<Descriptor> descriptors(List<JsonObject> list) throws IOException {
        if (list == null) {
            return null;
        }
        List<Descriptor> descriptors = new ArrayList<>(list.size());
        for (JsonObject descriptor : list) {
            descriptors.add(descriptor(descriptor));
        }
        return descriptors;
    }

    private static void descriptors(JsonGenerator json, String name, List<Descriptor> descriptors)
            throws IOException {
        json.writeArrayFieldStart(name);
        for (Descriptor descriptor : descriptors) {
            write(json, descriptor);
        }
        json.writeEndArray();
    }

    private static void field(JsonGenerator json, String name, String value) throws IOException {
        JsonFields.text(json, name, value);
    }

    /** A map of strings in key order, left out when empty. */
    private static void field(JsonGenerator json, String name, Map<String, String> map) throws IOException {
        if (map != null && !map.isEmpty()) {
            JsonFields.sorted(json, name, map);
        }
    }

    /** A list of strings, left out when null or empty. */
    private static void strings(JsonGenerator json, String name, List<String> list) throws IOException {
        if (list != null && !list.isEmpty()) {
            JsonFields.strings(json, name, list);
        }
    }

    /** A map of objects of plain values, in key order at every level, left out when empty. */
    private static void objects(JsonGenerator json, String name, Map<String, Map<String, Object>> map)
            throws IOException {
        if (map == null || map.isEmpty()) {
            return;
        }
        json.writeFieldName(name);
        plain(json, map);
    }

    private static void plain(JsonGenerator json, Object value) throws IOException {
        if (value instanceof Map<?, ?> map) {
            json.writeStartObject();
            for (Map.Entry<?, ?> entry : new TreeMap<>(map).entrySet()) {
                json.writeFieldName((String) entry.getKey());
                plain(json, entry.getValue());
            }
            json.writeEndObject();
        } else if (value instanceof List<?> list) {
            json.writeStartArray();
            for (Object element : list) {
                plain(json, element);
            }
            json.writeEndArray();
        } else {
            // strings, numbers, booleans and null: what a plain value's leaves are
            json.writeObject(value);
        }
    }
}
