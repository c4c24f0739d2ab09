package dev.lading.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lading.cli.progress.Units;
import dev.lading.core.cache.CacheIndex;
import dev.lading.core.cache.CacheKind;
import dev.lading.core.cache.CacheSpec;
import dev.lading.core.cache.LocalCache;
import dev.lading.core.io.FileTrees;
import dev.lading.core.model.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lading cache}: the disk that the cache directory ({@code $LADING_HOME/cache}) takes, and freeing it. The
 * entries are the {@link LocalCache} every build keeps; beside them are the directories builds keep for their own
 * use, which only {@code prune --all} removes.
 */
@Command(name = "cache", description = "Show or free the disk space of lading's build cache.",
        subcommands = {CacheCommand.Du.class, CacheCommand.Prune.class, CommandLine.HelpCommand.class})
final class CacheCommand {
    /** The local cache's directory under the cache directory, as builds open it. */
    static final String ENTRIES = "entries";
    /** The directories beside the entries that builds keep, by name, with what they hold. */
    static final Map<String, String> KEPT = kept();

    private static Map<String, String> kept() {
        Map<String, String> kept = new LinkedHashMap<>();
        kept.put("builds", "native build directories");
        kept.put("zig", "zig's cache");
        kept.put("packages", "package files");
        return Collections.unmodifiableMap(kept);
    }

    /**
     * What the cache directory takes.
     *
     * @param kinds       the entries of each kind, the known kinds first (also when they have none)
     * @param bound       the local cache's bound
     * @param directories the bytes of each of {@link #KEPT}
     */
    record DiskUsage(Map<String, CacheIndex.Usage> kinds, long bound, Map<String, Long> directories) {
        int entries() {
            return kinds.values().stream().mapToInt(CacheIndex.Usage::entries).sum();
        }

        long entryBytes() {
            return kinds.values().stream().mapToLong(CacheIndex.Usage::bytes).sum();
        }

        List<String> lines() {
            List<String> lines = new ArrayList<>();
            kinds.forEach((kind, usage) -> lines.add(row(kind, usage.entries(), usage.bytes(), "")));
            lines.add(row("total", entries(), entryBytes(), "of " + Units.bytes(bound)));
            directories.forEach((name, bytes) -> lines.add(String.format(Locale.ROOT, "%-10s %14s  %10s  %s",
                    name + "/", "", Units.bytes(bytes), KEPT.get(name))));
            return lines;
        }

        private static String row(String name, int entries, long bytes, String note) {
            return String.format(Locale.ROOT, "%-10s %6d entries  %10s  %s", name, entries, Units.bytes(bytes), note)
                    .stripTrailing();
        }

        ObjectNode json() {
            ObjectNode json = Json.mapper().createObjectNode();
            ObjectNode byKind = json.putObject("kinds");
            kinds.forEach((kind, usage) -> byKind.putObject(kind).put("entries", usage.entries())
                    .put("bytes", usage.bytes()));
            json.put("entries", entries());
            json.put("bytes", entryBytes());
            json.put("maxBytes", bound);
            ObjectNode kept = json.putObject("directories");
            directories.forEach(kept::put);
            return json;
        }
    }

    /** The usage of a cache directory; one that does not exist takes nothing, and is not made. */
    static DiskUsage usage(Path cacheDirectory) throws IOException {
        Map<String, CacheIndex.Usage> kinds = new LinkedHashMap<>();
        for (CacheKind kind : CacheKind.values()) {
            kinds.put(kind.toString(), new CacheIndex.Usage(0, 0));
        }
        kinds.putAll(index(cacheDirectory).usageByKind());
        Map<String, Long> directories = new LinkedHashMap<>();
        for (String name : KEPT.keySet()) {
            directories.put(name, bytes(cacheDirectory.resolve(name)));
        }
        return new DiskUsage(kinds, LocalCache.DEFAULT_MAX_SIZE, directories);
    }

    private static CacheIndex index(Path cacheDirectory) throws IOException {
        Path entries = cacheDirectory.resolve(ENTRIES);
        return Files.isDirectory(entries) ? LocalCache.open(entries).index() : CacheIndex.EMPTY;
    }

    /**
     * What a prune removed.
     *
     * @param entries     how many entries went
     * @param entryBytes  the disk the entries' directory gave back
     * @param directories the bytes each removed directory of {@link #KEPT} took
     */
    record Freed(int entries, long entryBytes, Map<String, Long> directories) {
        List<String> lines() {
            List<String> lines = new ArrayList<>();
            lines.add("removed " + entries + " entries: " + Units.bytes(entryBytes) + " freed");
            directories.forEach((name, bytes) -> lines.add("removed " + name + "/ (" + KEPT.get(name) + "): "
                    + Units.bytes(bytes) + " freed"));
            long total = entryBytes + directories.values().stream().mapToLong(Long::longValue).sum();
            lines.add("total: " + Units.bytes(total) + " freed");
            return lines;
        }
    }

    /**
     * Drops the entries but the most recently used that fit in {@code keepBytes} (0: all of them) and, with
     * {@code all}, the directories builds keep.
     */
    static Freed prune(Path cacheDirectory, long keepBytes, boolean all) throws IOException {
        Path entries = cacheDirectory.resolve(ENTRIES);
        int removed = 0;
        long entryBytes = 0;
        if (Files.isDirectory(entries)) {
            long before = bytes(entries);
            LocalCache cache = LocalCache.open(entries);
            int count = cache.index().entries().size();
            removed = count - cache.prune(keepBytes).entries().size();
            entryBytes = Math.max(0, before - bytes(entries));
        }
        Map<String, Long> directories = new LinkedHashMap<>();
        if (all) {
            for (String name : KEPT.keySet()) {
                Path directory = cacheDirectory.resolve(name);
                directories.put(name, bytes(directory));
                FileTrees.deleteRecursively(directory);
            }
        }
        return new Freed(removed, entryBytes, directories);
    }

    /** The bytes of the regular files under {@code root}, links not followed; 0 when it does not exist. */
    static long bytes(Path root) throws IOException {
        if (!Files.exists(root)) {
            return 0;
        }
        long[] total = {0};
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (attributes.isRegularFile()) {
                    total[0] += attributes.size();
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                // removed by a build while it was counted: it takes no space any more
                return FileVisitResult.CONTINUE;
            }
        });
        return total[0];
    }

    @Command(name = "du", description = "Show the disk the cache takes: its entries by kind, against the bound,"
            + " and the build directories, zig's cache and package files beside them.")
    static final class Du implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "Print a JSON object instead of lines")
        boolean json;

        @Override
        public Integer call() throws IOException {
            DiskUsage usage = usage(Settings.cacheDirectory());
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(usage.json());
            } else {
                usage.lines().forEach(out::println);
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "prune", description = "Remove cache entries, all of them or the least recently used; with"
            + " --all also the build directories, zig's cache and the package files.")
    static final class Prune implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--keep-storage", paramLabel = "SIZE",
                description = "Keep the most recently used entries that fit in SIZE (500m, 2g)")
        String keepStorage;

        @Option(names = "--all", description = "Also remove the build directories, zig's cache and the package files")
        boolean all;

        @Override
        public Integer call() throws IOException {
            long keep = keepStorage == null ? 0 : CacheSpec.parseSize(keepStorage, "--keep-storage");
            Freed freed = prune(Settings.cacheDirectory(), keep, all);
            PrintWriter out = spec.commandLine().getOut();
            freed.lines().forEach(out::println);
            out.flush();
            return 0;
        }
    }
}
