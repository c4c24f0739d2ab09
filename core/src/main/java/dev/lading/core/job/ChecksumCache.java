package dev.lading.core.job;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.lading.core.attest.Checksums;
import dev.lading.core.io.Content;
import dev.lading.core.io.TempFiles;
import dev.lading.core.model.Json;
import dev.lading.core.store.OciLayout;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The checksums of the files an SBOM lists, kept between builds under each file's fingerprint (path, size,
 * modification time, inode), so that an unchanged project is not hashed again: hashing every added file on
 * every build would cost more than the rest of a no-change rebuild.
 */
final class ChecksumCache {
    /** Beyond this many entries the cache starts afresh rather than grow without end. */
    private static final int MAX_ENTRIES = 200_000;

    private final Path file;
    private final Map<String, Checksums> known = new HashMap<>();
    private boolean changed;

    ChecksumCache(OciLayout store) {
        this.file = store.root().resolve("lading-cache").resolve("checksums.json");
        try {
            if (Files.isRegularFile(file)) {
                known.putAll(Json.mapper().readValue(file.toFile(), new TypeReference<Map<String, Checksums>>() {
                }));
            }
        } catch (IOException | RuntimeException e) {
            // a damaged cache only costs hashing again
            known.clear();
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
        TempFiles.writeAtomically(file, out -> Json.mapper().writeValue(out, new TreeMap<>(known)));
    }
}
