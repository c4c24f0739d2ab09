package dev.lading.toolchain;

import dev.lading.core.cache.CacheArtifact;
import dev.lading.core.cache.CacheEntry;
import dev.lading.core.cache.CacheKind;
import dev.lading.core.cache.CacheSession;
import dev.lading.core.cache.EntryArchive;
import dev.lading.core.io.TempFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * zig's global cache as {@link CacheKind#ZIG} entries, keyed by zig's identity: what zig built for each target
 * (musl, libc++, compiler-rt) is what a fresh runner spends most of a first build on. Before a build the entries
 * are put into zig's cache, beside what is there; after a build that exports its cache, the files no restored entry
 * held become one new entry, so each export adds only what the build added.
 */
final class ZigCacheEntries {
    /** Beside zig's own files: one empty file per entry already unpacked into this cache. */
    private static final String RESTORED = "lading-restored";
    private final CacheSession session;
    private final Path directory;
    private final String key;
    private final Set<String> held;

    private ZigCacheEntries(CacheSession session, Path directory, String key, Set<String> held) {
        this.session = session;
        this.directory = directory;
        this.key = key;
        this.held = held;
    }

    /**
     * Puts every entry of the identity into zig's cache directory, each marked used.
     *
     * @param identity zig's identity (version and build id), see {@link CompilerIdentity}
     * @param warning  where an entry that cannot be used is told
     */
    static ZigCacheEntries restore(CacheSession session, ZigToolchain zig, String identity,
                                   Consumer<IOException> warning) {
        Set<String> held = new HashSet<>();
        for (CacheEntry entry : session.entries(CacheKind.ZIG)) {
            if (!entry.key().equals(identity)) {
                continue;
            }
            try {
                Path blob = session.blob(entry).orElse(null);
                if (blob != null) {
                    // an entry put into this zig cache before is not unpacked (nor read) again: it is tens of
                    // megabytes; the note of its unpacking lists its files
                    Path restored = zig.cache().resolve(RESTORED).resolve(entry.blob().digest().hex());
                    if (!Files.isRegularFile(restored)) {
                        EntryArchive.extract(blob, CacheKind.ZIG, identity, zig.cache());
                        Files.createDirectories(restored.getParent());
                        TempFiles.writeAtomically(restored, String.join("\n",
                                EntryArchive.names(blob, CacheKind.ZIG, identity)).getBytes(StandardCharsets.UTF_8));
                    }
                    Files.readAllLines(restored, StandardCharsets.UTF_8).stream().filter(name -> !name.isEmpty())
                            .forEach(held::add);
                    session.used(entry);
                }
            } catch (IOException e) {
                warning.accept(e);
            }
        }
        return new ZigCacheEntries(session, zig.cache(), identity, held);
    }

    /**
     * After a build, when the session exports: one entry of the files zig's cache has and no restored entry held,
     * leaving out its temporary directory and lock files. Nothing when there are none.
     */
    void keepNew(Consumer<IOException> warning) {
        if (!session.exports() || !Files.isDirectory(directory)) {
            return;
        }
        try {
            Map<String, Path> files = new TreeMap<>();
            try (Stream<Path> walk = Files.walk(directory)) {
                for (Path file : walk.filter(Files::isRegularFile).toList()) {
                    String name = directory.relativize(file).toString().replace('\\', '/');
                    if (!name.startsWith("tmp/") && !name.startsWith(RESTORED + "/") && !name.endsWith(".lock")
                            && !name.contains(".tmp-") && !held.contains(name)) {
                        files.put(name, file);
                    }
                }
            }
            if (!files.isEmpty()) {
                session.put(CacheKind.ZIG, key, null, CacheArtifact.ENTRY_TYPE,
                        EntryArchive.of(CacheKind.ZIG, key, files));
            }
        } catch (IOException e) {
            warning.accept(e);
        }
    }
}
