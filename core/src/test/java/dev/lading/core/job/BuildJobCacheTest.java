package dev.lading.core.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lading.core.attest.AttestationOptions;
import dev.lading.core.cache.CacheArtifact;
import dev.lading.core.cache.CacheEntry;
import dev.lading.core.cache.CacheKind;
import dev.lading.core.cache.CacheLocations;
import dev.lading.core.cache.CacheOptions;
import dev.lading.core.cache.CacheSession;
import dev.lading.core.cache.CacheSpec;
import dev.lading.core.cache.EntryArchive;
import dev.lading.core.cache.LayoutCacheLocation;
import dev.lading.core.cache.LocalCache;
import dev.lading.core.io.Compression;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.ImageFormat;
import dev.lading.core.model.Json;
import dev.lading.core.model.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A build's cache: what the native build puts is committed locally, exported, and found by the next runner. */
class BuildJobCacheTest {
    private static final String YAML = """
            from: scratch
            platforms: [linux/amd64, linux/arm64]
            build:
              cmake:
            layers:
              - name: config
                files:
                  - src: etc
                    dest: /etc/app
            """;
    private static final String KEY = "compile-key";
    private static final byte[] OBJECT = "object bytes".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final BuildListener listener = new BuildListener() {
        @Override
        public void cacheWarning(String message) {
            warnings.add(message);
        }
    };

    private BuildJob.Options options(String run, CacheOptions cache) throws IOException {
        Path context = BuildFixture.context(dir.resolve(run).resolve("ctx"), YAML, "etc/a.conf", "a=1\n");
        return new BuildJob.Options(context, null, null, List.of(), List.of(), false, false, ImageFormat.OCI,
                Compression.GZIP, dir.resolve(run).resolve("metadata.json"), dir.resolve(run).resolve("store"), 0, 2,
                AttestationOptions.NONE, "9.9.9", cache);
    }

    private static CacheSpec to(Path directory) {
        return CacheSpec.parse("type=local,dest=" + directory, CacheSpec.Direction.TO);
    }

    private static CacheSpec from(Path directory) {
        return CacheSpec.parse("type=local,src=" + directory, CacheSpec.Direction.FROM);
    }

    /** A native build that compiles one object per platform into the cache. */
    private static CacheEntry compile(CacheSession cache, Platform platform) throws IOException {
        return cache.put(CacheKind.COMPILE, KEY + "-" + platform.architecture(), platform.toString(),
                CacheArtifact.ENTRY_TYPE, EntryArchive.ofBytes(CacheKind.COMPILE, KEY + "-" + platform.architecture(),
                        Map.of("a.o", OBJECT))).orElseThrow();
    }

    private static final NativeBuilder COMPILES = (file, context, platforms, packages, cache, listener) -> {
        for (Platform platform : platforms) {
            compile(cache, platform);
        }
        return ArtifactSource.NONE;
    };

    @Test
    void theExportIsInTheSummaryAndMetadataAndTheNextRunnerFindsItsEntries() throws IOException {
        Path shared = dir.resolve("ci-cache");
        BuildJob.Options first = options("first", new CacheOptions(dir.resolve("first/home"), List.of(),
                List.of(to(shared))));
        BuildJob.Summary summary = BuildJob.run(first, COMPILES, BaseImageSource.NONE, TargetPackages.NONE,
                Publisher.NONE, CacheLocations.LOCAL_ONLY, listener);

        Descriptor manifest = new LayoutCacheLocation(shared).manifest().orElseThrow().descriptor()
                .withAnnotations(Map.of());
        assertEquals(Map.of(shared.toString(), manifest), summary.caches());
        JsonNode metadata = Json.mapper().readTree(Files.readAllBytes(first.metadataFile()));
        assertEquals(manifest.digest().toString(), metadata.path("lading.cache").path(shared.toString()).asText());
        List<CacheEntry> committed = LocalCache.open(dir.resolve("first/home")).index().entries();
        assertEquals(2, committed.stream().filter(entry -> entry.is(CacheKind.COMPILE)).count(), "committed locally");
        List<CacheEntry> layers = committed.stream().filter(entry -> entry.is(CacheKind.LAYER)).toList();
        assertEquals(1, layers.size(), "the config layer, which both platforms share");
        assertEquals(null, layers.get(0).platform());
        assertEquals(summary.result().images().get(0).layers().get(0).descriptor(), layers.get(0).blob());

        List<Map<String, byte[]>> found = new ArrayList<>();
        NativeBuilder reads = (file, context, platforms, packages, cache, l) -> {
            for (Platform platform : platforms) {
                String key = KEY + "-" + platform.architecture();
                List<CacheEntry> candidates = cache.candidates(CacheKind.COMPILE, key);
                assertEquals(1, candidates.size(), platform.toString());
                found.add(EntryArchive.read(cache.blob(candidates.get(0)).orElseThrow(), CacheKind.COMPILE, key));
                cache.used(candidates.get(0));
            }
            return ArtifactSource.NONE;
        };
        BuildJob.Options second = options("second", new CacheOptions(dir.resolve("second/home"), List.of(from(shared)),
                List.of()));
        BuildJob.Summary again = BuildJob.run(second, reads, BaseImageSource.NONE, TargetPackages.NONE,
                Publisher.NONE, CacheLocations.LOCAL_ONLY, listener);

        assertEquals(2, found.size());
        found.forEach(files -> assertArrayEquals(OBJECT, files.get("a.o")));
        assertEquals(Map.of(), again.caches());
        assertEquals(summary.result().index(), again.result().index(), "the cache changes nothing in the image");
        assertFalse(Json.mapper().readTree(Files.readAllBytes(second.metadataFile())).has("lading.cache"));
        assertEquals(List.of(), warnings);
    }

    @Test
    void aFailedBuildCommitsWhatItMadeAndExportsNothing() throws IOException {
        Path shared = dir.resolve("ci-cache");
        Path home = dir.resolve("home");
        NativeBuilder fails = (file, context, platforms, packages, cache, l) -> {
            compile(cache, platforms.get(0));
            throw new IOException("the second compile failed");
        };
        BuildJob.Options options = options("run", new CacheOptions(home, List.of(), List.of(to(shared))));

        IOException e = assertThrows(IOException.class, () -> BuildJob.run(options, fails, BaseImageSource.NONE,
                TargetPackages.NONE, Publisher.NONE, CacheLocations.LOCAL_ONLY, listener));
        assertEquals("the second compile failed", e.getMessage());
        List<CacheEntry> committed = LocalCache.open(home).index().entries();
        assertEquals(List.of(KEY + "-amd64"), committed.stream().map(CacheEntry::key).toList());
        assertFalse(Files.exists(shared), "a failed build exports nothing");
        assertFalse(Files.exists(options.metadataFile()));
        assertEquals(List.of(), warnings);
    }

    @Test
    void aRegistryCacheWithoutARegistryClientIsAWarning() throws IOException {
        Path home = dir.resolve("home");
        BuildJob.Options options = options("run", new CacheOptions(home,
                List.of(CacheSpec.parse("type=registry,ref=registry.example/team/app:cache", CacheSpec.Direction.FROM)),
                List.of(CacheSpec.parse("type=registry,ref=registry.example/team/app:cache,mode=max",
                        CacheSpec.Direction.TO))));

        BuildJob.Summary summary = BuildJob.run(options, COMPILES, BaseImageSource.NONE, TargetPackages.NONE,
                Publisher.NONE, CacheLocations.LOCAL_ONLY, listener);

        assertEquals(Map.of(), summary.caches());
        assertEquals(2, warnings.size(), warnings.toString());
        warnings.forEach(warning -> assertTrue(warning.contains("registry.example/team/app:cache")
                && !warning.contains("\n"), warning));
        assertEquals(2, LocalCache.open(home).index().entries().stream().filter(entry -> entry.is(CacheKind.COMPILE))
                .count(), "the local cache works all the same");
    }

    @Test
    void aBuildWithoutACacheGetsADisabledSession() throws IOException {
        List<Boolean> enabled = new ArrayList<>();
        NativeBuilder looks = (file, context, platforms, packages, cache, l) -> {
            enabled.add(cache.isEnabled());
            return ArtifactSource.NONE;
        };
        BuildJob.run(options("run", CacheOptions.NONE), looks, BaseImageSource.NONE, TargetPackages.NONE,
                Publisher.NONE, CacheLocations.LOCAL_ONLY, listener);
        assertEquals(List.of(false), enabled);
    }
}
