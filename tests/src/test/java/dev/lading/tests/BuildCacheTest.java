package dev.lading.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lading.tests.FaultPlan.Rule;
import dev.lading.tests.FaultProxy.Fault;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build cache as CI uses it: every runner an empty home, the project checked out somewhere else, the cache in
 * the reference registry (or a directory). The compilers are counted from outside: {@code clang} and {@code clang++}
 * on PATH are scripts that log each compile of the project's sources and run the real ones.
 */
class BuildCacheTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern COMPILED = Pattern.compile("(?:^| )-c (?:\\S*/)?(unit\\d+\\.c|main\\.c)(?: |$)");
    private static final String BOTH = "linux/amd64,linux/arm64";

    private static RegistryServer registry;

    @TempDir
    Path dir;
    private Path shims;

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = RegistryServer.start(RegistryServer.Setup.anonymous());
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @BeforeEach
    void countingCompilers() throws IOException {
        shims = Files.createDirectories(dir.resolve("shims"));
        for (String name : List.of("clang", "clang++")) {
            Path shim = shims.resolve(name);
            Files.writeString(shim, "#!/bin/sh\necho \"$*\" >> \"$(dirname \"$0\")/calls\"\nexec /usr/bin/" + name
                    + " \"$@\"\n");
            Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void aFreshRunnerElsewhereCompilesOnlyWhatChanged() throws Exception {
        String ref = registry.reference("cache/generated:main");
        Path first = generate(dir.resolve("runner-1/checkout"));
        JsonNode cold = build("runner-1", first, "lading.yaml", BOTH, "--cache-to", "type=registry,ref=" + ref);
        assertEquals(18, compiles().size(), "9 sources on 2 platforms: " + compiles());
        String manifest = cold.get("lading.cache").get(ref).asText();
        assertEquals(manifest, BusyboxBase.digest(new RegistryCurl(registry, dir).manifest("cache/generated", "main")));

        Path second = Projects.copyTree(first, dir.resolve("runner-2/somewhere/much/deeper"));
        JsonNode warm = build("runner-2", second, "lading.yaml", BOTH, "--cache-from", "type=registry,ref=" + ref);
        assertEquals(List.of(), compiles(), "nothing compiled on the second runner");
        assertEquals(cold.get("containerimage.digest"), warm.get("containerimage.digest"));

        Path third = Projects.copyTree(first, dir.resolve("runner-3/checkout"));
        Files.writeString(third.resolve("unit3.c"), "\nuint32_t edited(void) { return 3; }\n",
                java.nio.file.StandardOpenOption.APPEND);
        JsonNode edited = build("runner-3", third, "lading.yaml", BOTH, "--cache-from", "type=registry,ref=" + ref);
        assertEquals(List.of("unit3.c", "unit3.c"), compiles(), "the edited file once per platform, nothing else");
        assertNotEquals(cold.get("containerimage.digest"), edited.get("containerimage.digest"));
    }

    @Test
    void twoRunnersWritingOtherPlatformsToOneRefBothKeepTheirEntries() throws Exception {
        String ref = registry.reference("cache/shared:main");
        Path amd = generate(dir.resolve("amd/checkout"));
        Path arm = Projects.copyTree(amd, dir.resolve("arm/checkout"));
        CompletableFuture<JsonNode> one = CompletableFuture.supplyAsync(() -> unchecked(() ->
                build("amd", amd, "plain.yaml", "linux/amd64", "--cache-to", "type=registry,ref=" + ref)));
        CompletableFuture<JsonNode> other = CompletableFuture.supplyAsync(() -> unchecked(() ->
                build("arm", arm, "plain.yaml", "linux/arm64", "--cache-to", "type=registry,ref=" + ref)));
        one.join();
        other.join();
        assertEquals(18, compiles().size(), compiles().toString());

        Path both = Projects.copyTree(amd, dir.resolve("both/checkout"));
        build("both", both, "plain.yaml", BOTH, "--cache-from", "type=registry,ref=" + ref);
        assertEquals(List.of(), compiles(), "each platform's entries survived the other's write");
    }

    @Test
    void aCacheThatCannotBeReadIsOneWarningAndACorrectBuild() throws Exception {
        Path project = generate(dir.resolve("origin/checkout"));
        String ref = registry.reference("cache/faults:main");
        JsonNode origin = build("origin", project, "plain.yaml", "linux/amd64", "--cache-to",
                "type=registry,ref=" + ref);
        compiles();

        Tool.Result missing = run("missing", project, "plain.yaml", "linux/amd64", "--cache-from",
                "type=registry,ref=" + registry.reference("cache/nothing:here"));
        assertEquals(0, missing.exitCode(), missing.toString());
        assertEquals(1, lines(missing.stderr(), "no cache at"), missing.stderr());
        assertEquals(9, compiles().size());

        // one entry's blob replaced in the registry's own storage: served with its old digest, other bytes
        Path tampered = entryBlob("cache/faults", "main");
        byte[] bytes = Files.readAllBytes(tampered);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(tampered, bytes);
        Tool.Result damaged = run("damaged", project, "plain.yaml", "linux/amd64", "--cache-from",
                "type=registry,ref=" + ref);
        assertEquals(0, damaged.exitCode(), damaged.toString());
        assertEquals(1, lines(damaged.stderr(), "does not match its digest"), damaged.stderr());
        assertEquals(1, compiles().size(), "only the tampered entry compiled again");
        assertEquals(origin.get("containerimage.digest"), metadata("damaged").get("containerimage.digest"));

        // the registry goes away after two blobs: every later blob request is cut off
        try (FaultProxy proxy = FaultProxy.start(registry.host(), FaultPlan.scripted(
                Rule.next(2, "^GET /v2/cache/faults/blobs/sha256:", Fault.PASS),
                Rule.next(10_000, "^GET /v2/cache/faults/blobs/sha256:", Fault.DROP_AFTER_UPSTREAM)))) {
            Tool.Result cut = run("cut", project, "plain.yaml", "linux/amd64", "--retries", "1", "--cache-from",
                    "type=registry,ref=" + proxy.host() + "/cache/faults:main");
            assertEquals(0, cut.exitCode(), cut.toString());
            assertEquals(1, lines(cut.stderr(), "could not be used"), cut.stderr());
            assertEquals(origin.get("containerimage.digest"), metadata("cut").get("containerimage.digest"));
        }
    }

    @Test
    void aDirectoryCacheRestoresAndTheBoundHolds() throws Exception {
        Path project = generate(dir.resolve("local/checkout"));
        Path cache = dir.resolve("ci-cache");
        build("local", project, "plain.yaml", "linux/amd64", "--cache-to", "type=local,dest=" + cache);
        assertEquals(9, compiles().size());
        assertTrue(Files.isRegularFile(cache.resolve("oci-layout")), "an OCI layout");

        Path elsewhere = Projects.copyTree(project, dir.resolve("restored/checkout"));
        build("restored", elsewhere, "plain.yaml", "linux/amd64", "--cache-from", "type=local,src=" + cache);
        assertEquals(List.of(), compiles());

        // the directory is an OCI layout other tools take as it is: skopeo copies the artifact into the registry,
        // digests kept, and a runner reads it from there
        String copied = registry.reference("cache/copied:main");
        List<String> skopeo = new ArrayList<>(List.of("skopeo", "copy", "--all", "--preserve-digests"));
        skopeo.addAll(registry.skopeoTransport("dest-"));
        skopeo.addAll(List.of("oci:" + cache + ":cache", "docker://" + copied));
        Tool.Result copy = Tool.run(dir, Map.of(), skopeo);
        assertEquals(0, copy.exitCode(), copy.toString());
        build("copied", Projects.copyTree(project, dir.resolve("copied/checkout")), "plain.yaml", "linux/amd64",
                "--cache-from", "type=registry,ref=" + copied);
        assertEquals(List.of(), compiles(), "every compile came from the copy");

        // a checkout whose objects are all current compiles nothing and asks the cache nothing, and still exports
        // every entry its objects came from
        long entryBytes = totalEntryBytes(cache);
        Path warmExport = dir.resolve("warm-export");
        build("restored", elsewhere, "plain.yaml", "linux/amd64", "--cache-to", "type=local,dest=" + warmExport);
        assertEquals(List.of(), compiles());
        assertEquals(entryBytes, totalEntryBytes(warmExport));

        // a bound of about half the entries keeps the most recently used that fit, and no more
        Path bounded = dir.resolve("bounded-cache");
        long bound = entryBytes / 2;
        build("bounded", Projects.copyTree(project, dir.resolve("bounded/checkout")), "plain.yaml", "linux/amd64",
                "--cache-from", "type=local,src=" + cache, "--cache-to", "type=local,dest=" + bounded + ",max-size="
                        + bound);
        assertEquals(List.of(), compiles());
        long kept = totalEntryBytes(bounded);
        assertTrue(kept <= bound && kept > 0, kept + " bytes kept under a bound of " + bound);

        Lading restored = new Lading(dir.resolve("restored/home"));
        Tool.Result du = restored.run("cache", "du");
        assertEquals(0, du.exitCode(), du.toString());
        assertTrue(du.stdout().contains("compile"), du.stdout());
        Tool.Result prune = restored.run("cache", "prune");
        assertEquals(0, prune.exitCode(), prune.toString());
        // another checkout on the same runner: its build directory is new, and the pruned cache has nothing
        build("restored", Projects.copyTree(project, dir.resolve("restored/again")), "plain.yaml", "linux/amd64");
        assertEquals(9, compiles().size(), "a pruned cache compiles everything again");
    }

    private Path generate(Path where) throws IOException, InterruptedException {
        Tool.Result made = Tool.run(Lading.REPO, Map.of(), List.of("bash", "bench/generated-project.sh",
                where.toString(), "8", "6"));
        assertEquals(0, made.exitCode(), made.toString());
        return where;
    }

    private JsonNode build(String runner, Path context, String buildFile, String platforms, String... extra)
            throws IOException, InterruptedException {
        Tool.Result result = run(runner, context, buildFile, platforms, extra);
        assertEquals(0, result.exitCode(), result.toString());
        return metadata(runner);
    }

    /** One build as a runner does it: its own home, a layout output and a metadata file. */
    private Tool.Result run(String runner, Path context, String buildFile, String platforms, String... extra)
            throws IOException, InterruptedException {
        Path home = dir.resolve(runner).resolve("home");
        List<String> args = new ArrayList<>(List.of("build", context.toString(), "-f",
                context.resolve(buildFile).toString(), "--toolchain", "clang", "--platform", platforms,
                "--output", "type=oci,dest=" + dir.resolve(runner).resolve("oci-" + System.nanoTime()),
                "--metadata-file", dir.resolve(runner).resolve("metadata.json").toString()));
        args.addAll(List.of(extra));
        return new Lading(home, Duration.ofMinutes(10)).run(Map.of("PATH", shims + ":" + System.getenv("PATH")),
                args.toArray(String[]::new));
    }

    private JsonNode metadata(String runner) throws IOException {
        return JSON.readTree(dir.resolve(runner).resolve("metadata.json").toFile());
    }

    /** The project's sources compiled since the last call, in the order the compilers ran. */
    private List<String> compiles() throws IOException {
        Path calls = shims.resolve("calls");
        List<String> compiled = new ArrayList<>();
        if (Files.exists(calls)) {
            for (String line : Files.readAllLines(calls, StandardCharsets.UTF_8)) {
                Matcher source = COMPILED.matcher(line);
                if (source.find()) {
                    compiled.add(source.group(1));
                }
            }
            Files.delete(calls);
        }
        compiled.sort(null);
        return compiled;
    }

    private static long lines(String text, String containing) {
        return text.lines().filter(line -> line.contains(containing)).count();
    }

    /** The file in the registry's own storage of the first entry blob of the cache artifact under a tag. */
    private Path entryBlob(String repository, String tag) throws IOException, InterruptedException {
        JsonNode manifest = JSON.readTree(new RegistryCurl(registry, dir).manifest(repository, tag));
        String hex = manifest.get("layers").get(1).get("digest").asText().substring("sha256:".length());
        return registry.storageDirectory().resolve("docker/registry/v2/blobs/sha256").resolve(hex.substring(0, 2))
                .resolve(hex).resolve("data");
    }

    private static long totalEntryBytes(Path layout) throws IOException {
        JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
        String digest = index.get("manifests").get(0).get("digest").asText();
        JsonNode manifest = JSON.readTree(layout.resolve("blobs/sha256/" + digest.substring(7)).toFile());
        long total = 0;
        for (JsonNode layer : manifest.get("layers")) {
            if (!layer.get("mediaType").asText().contains("cache.index")) {
                total += layer.get("size").asLong();
            }
        }
        return total;
    }

    private interface Step<T> {
        T run() throws Exception;
    }

    private static <T> T unchecked(Step<T> step) {
        try {
            return step.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
