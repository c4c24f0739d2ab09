package dev.lading.core.job;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.lading.core.attest.Checksums;
import dev.lading.core.io.Content;
import dev.lading.core.io.TempFiles;
import dev.lading.core.model.Json;
import dev.lading.core.store.OciLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The checksums of the files an SBOM lists, kept between builds under each file's fingerprint (path, size,
 * modification time, inode), so that an unchanged project is not hashed again: hashing every added file on
 * every build would cost more than the rest of a no-change rebuild.
 *
 * <p>The file is one JSON object from fingerprint to {@code {"sha256": ..., "sha1": ...}}, keys in order. It is
 * read and written with the streaming parser and generator: every no-change rebuild reads it, and Jackson's
 * data-binding mapper would cost more to make than the file costs to read.
 */
final class ChecksumCache {
    /** Beyond this many entries the cache starts afresh rather than grow without end. */
    private static final int MAX_ENTRIES = 200_000;
    private static final String SHA256 = "sha256";
    private static final String SHA1 = "sha1";

    private final Path file;
    private final Map<String, Checksums> known = new HashMap<>();
    private boolean changed;

    ChecksumCache(OciLayout store) {
        this.file = store.root().resolve("lading-cache").resolve("checksums.json");
        try {
            if (Files.isRegularFile(file)) {
                known.putAll(read(file));
            }
        } catch (IOException | RuntimeException e) {
            // a damaged cache only costs hashing again
            known.clear();
        }
    }

    /** The entries of a cache file; a file of any other shape is an exception. */
    private static Map<String, Checksums> read(Path file) throws IOException {
        Map<String, Checksums> entries = new HashMap<>();
        try (JsonParser json = Json.parser(Files.newInputStream(file))) {
            expect(json, json.nextToken() == JsonToken.START_OBJECT);
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String fingerprint = json.currentName();
                // an entry without checksums is one to take again, as a missing entry is
                if (json.nextToken() != JsonToken.VALUE_NULL) {
                    entries.put(fingerprint, checksums(json));
                }
            }
            expect(json, json.currentToken() == JsonToken.END_OBJECT);
        }
        return entries;
    }

    /** One entry's object, the parser on its start; fields it does not know are skipped. */
    private static Checksums checksums(JsonParser json) throws IOException {
        expect(json, json.currentToken() == JsonToken.START_OBJECT);
        String sha256 = null;
        String sha1 = null;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            json.nextToken();
            if (field.equals(SHA256)) {
                sha256 = text(json);
            } else if (field.equals(SHA1)) {
                sha1 = text(json);
            } else {
                json.skipChildren();
            }
        }
        expect(json, json.currentToken() == JsonToken.END_OBJECT);
        return new Checksums(sha256, sha1); // refuses a missing or malformed digest
    }

    private static String text(JsonParser json) throws IOException {
        expect(json, json.currentToken() == JsonToken.VALUE_STRING);
        return json.getText();
    }

    private static void expect(JsonParser json, boolean shape) throws IOException {
        if (!shape) {
            throw new IOException("unexpected " + json.currentToken() + " in a checksum cache");
        }
    }

    Checksums of(Path path) throws IOException {
        // by fingerprint only, even within a build: a map by path as well would cost as much again per file
        Path key = path.toAbsolutePath().normalize();
        String fingerprint = Content.ofFile(key, Files.size(key)).fingerprint();
        Checksums checksums = known.get(fingerprint);
        if (checksums == null) {
            try (InputStream in = Files.newInputStream(key)) {
                checksums = Checksums.of(in);
            }
            if (known.size() >= MAX_ENTRIES) {
                known.clear();
            }
            known.put(fingerprint, checksums);
            changed = true;
        }
        return checksums;
    }

    /** Writes the cache back when it learnt something; another build may do the same, the last one wins. */
    void save() throws IOException {
        if (!changed) {
            return;
        }
        Files.createDirectories(file.getParent());
        // streamed: with an entry per file of a large image, the document would be tens of megabytes
        TempFiles.writeAtomically(file, this::write);
    }

    private void write(OutputStream out) throws IOException {
        try (JsonGenerator json = Json.generator(out)) {
            json.writeStartObject();
            for (Map.Entry<String, Checksums> entry : new TreeMap<>(known).entrySet()) {
                json.writeObjectFieldStart(entry.getKey());
                json.writeStringField(SHA256, entry.getValue().sha256());
                json.writeStringField(SHA1, entry.getValue().sha1());
                json.writeEndObject();
            }
            json.writeEndObject();
        }
    }
}
