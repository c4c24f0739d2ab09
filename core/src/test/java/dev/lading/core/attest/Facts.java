package dev.lading.core.attest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Digest;
import dev.lading.core.model.Json;
import dev.lading.core.model.MediaTypes;
import dev.lading.core.model.Platform;
import dev.lading.core.model.Reference;
import dev.lading.core.testing.Generated;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Build and image facts for the documents' tests: a fixed sample and random ones. */
final class Facts {
    static final Platform ARM64 = Platform.parse("linux/arm64");
    static final Descriptor MANIFEST = new Descriptor(MediaTypes.OCI_MANIFEST,
            Digest.sha256("platform manifest".getBytes(StandardCharsets.UTF_8)), 641);
    static final Digest BASE_MANIFEST = Digest.sha256("base manifest".getBytes(StandardCharsets.UTF_8));
    static final NativeToolchain ZIG = new NativeToolchain("zig", "0.14.0", "aarch64-linux-musl",
            List.of("-target", "aarch64-linux-musl"), List.of("-Wl,--build-id=sha1"),
            List.of(Path.of("main.c"), Path.of("include/util.h")));

    private Facts() {
    }

    /** A statement as its readers parse it: from the bytes of its blob. */
    static JsonNode json(Statement statement) throws IOException {
        return Json.mapper().readTree(statement.bytes());
    }

    static Checksums checksums(String content) {
        try {
            return Checksums.of(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BuildFacts build(Instant started, Instant finished) {
        return new BuildFacts("1.2.3", "app/lading.yaml", checksums("build file"),
                List.of(Reference.parse("registry.example/cats/hk:v1")), List.of("oci"), 1_700_000_000L, started,
                finished);
    }

    static BuildFacts build() {
        return build(null, null);
    }

    /** An image with a compiled executable, a copied config file, a toolchain and a base. */
    static ImageFacts image() {
        return new ImageFacts(ARM64, MANIFEST, List.of(
                new ImageFile("/app/hello", checksums("executable"), null),
                new ImageFile("/etc/app.conf", checksums("a=1"), "etc/app.conf")),
                ZIG, List.of(new SourceFile("include/util.h", checksums("header")),
                new SourceFile("main.c", checksums("int main")), new SourceFile("lading.yaml", checksums("build file"))),
                new ImageFacts.Base("docker.io/library/busybox:1.36", BASE_MANIFEST));
    }

    /** Facts of any shape: paths with odd characters, any number of files, with or without toolchain and base. */
    static BuildFacts randomBuild(SplittableRandom random) {
        List<Reference> tags = Generated.list(random, 0, 2, r -> Reference.parse(
                Generated.oneOf(r, "", "localhost:5000/", "registry.example/") + Generated.lower(r, 1, 8) + ":"
                        + Generated.lower(r, 1, 5)));
        boolean timed = random.nextBoolean();
        Instant started = Instant.ofEpochSecond(random.nextLong(0, 4_000_000_000L));
        return new BuildFacts(Generated.oneOf(random, "0.1.0", "1.0.0-SNAPSHOT"), "lading.yaml",
                checksums(Generated.lower(random, 0, 20)), tags, Generated.list(random, 0, 2,
                r -> Generated.oneOf(r, "oci", "registry", "docker")), random.nextLong(0, 2_000_000_000L),
                timed ? started : null, timed ? started.plusSeconds(random.nextInt(1000)) : null);
    }

    static ImageFacts randomImage(SplittableRandom random) {
        Map<String, ImageFile> files = new LinkedHashMap<>();
        for (String path : Generated.list(random, 0, 12, Facts::randomPath)) {
            boolean artifact = random.nextBoolean();
            files.put("/" + path, new ImageFile("/" + path, checksums(path), artifact ? null : "src/" + path));
        }
        List<SourceFile> sources = new ArrayList<>();
        Generated.list(random, 0, 6, Facts::randomPath).stream().distinct()
                .forEach(path -> sources.add(new SourceFile(path, checksums(path + "!"))));
        NativeToolchain toolchain = random.nextBoolean() ? null : new NativeToolchain(
                Generated.oneOf(random, "zig", "clang"), "17.0.6", "x86_64-linux-gnu", List.of("-O2"), List.of(),
                sources.stream().map(source -> Path.of(source.path())).toList());
        Platform platform = Generated.oneOf(random, Platform.SUPPORTED);
        ImageFacts.Base base = random.nextBoolean() ? null
                : new ImageFacts.Base("registry.example/base:" + Generated.lower(random, 1, 4), BASE_MANIFEST);
        Descriptor manifest = new Descriptor(MediaTypes.OCI_MANIFEST, Digest.sha256(Generated.bytes(random, 64)), 500);
        return new ImageFacts(platform, manifest, new ArrayList<>(files.values()), toolchain,
                toolchain == null ? List.of() : sources, base);
    }

    /** Relative paths with the characters file names have: spaces, dots, dashes, plus signs, non-ASCII letters. */
    static String randomPath(SplittableRandom random) {
        return String.join("/", Generated.list(random, 1, 3,
                r -> Generated.string(r, "abcXYZ019 ._-+~é@", 1, 10).replace("..", "x.")));
    }
}
