package dev.lading.toolchain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lading.core.job.BuildListener;
import dev.lading.core.buildfile.BuildFile;
import dev.lading.core.buildfile.BuildFileParser;
import dev.lading.core.model.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Projects on disk, builders over them, and running what they produced. */
final class Fixtures {
    static final Path EXAMPLE = Path.of("../examples/hellokitty").toAbsolutePath().normalize();
    static final Platform AMD64 = Platform.parse("linux/amd64");
    static final Platform ARM64 = Platform.parse("linux/arm64");
    /**
     * zig builds libc and libc++ once per target (minutes each), so the tests share one cache: the one
     * scripts/test.sh names in ZIG_GLOBAL_CACHE_DIR (kept across runs, like Maven's repository), else one in target.
     */
    static final Path ZIG_CACHE = System.getenv("ZIG_GLOBAL_CACHE_DIR") != null
            ? Path.of(System.getenv("ZIG_GLOBAL_CACHE_DIR")).toAbsolutePath()
            : Path.of("target/zig-cache").toAbsolutePath();

    private Fixtures() {
    }

    /** This process's environment, with the shared zig cache unless one is set. */
    static Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.putIfAbsent("ZIG_GLOBAL_CACHE_DIR", ZIG_CACHE.toString());
        return environment;
    }

    static CrossBuilder builder(ToolchainKind kind, Path cache) {
        return builder(kind, cache, environment());
    }

    static CrossBuilder builder(ToolchainKind kind, Path cache, Map<String, String> environment) {
        return new CrossBuilder(new CrossBuilder.Settings(kind, null, null, cache, 0,
                Runtime.getRuntime().availableProcessors(), environment));
    }

    /** Builds the project whose lading.yaml is in {@code context}. */
    static List<PlatformBuild> build(CrossBuilder builder, Path context, Platform... platforms) throws IOException {
        return build(builder, context, BuildListener.NONE, platforms);
    }

    static List<PlatformBuild> build(CrossBuilder builder, Path context, BuildListener listener,
                                     Platform... platforms) throws IOException {
        BuildFile file = BuildFileParser.parse(context.resolve("lading.yaml"));
        return builder.build(file.build(), file.toolchain(), context, List.of(platforms), listener);
    }

    /** Writes files given as path, content, path, content... below {@code dir}. */
    static Path write(Path dir, String... pathsAndContents) throws IOException {
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            Path file = dir.resolve(pathsAndContents[i]);
            Files.createDirectories(file.getParent());
            Files.writeString(file, pathsAndContents[i + 1]);
        }
        return dir;
    }

    static Path script(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n" + text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    /** A directory for PATH with clang and clang++ only: no linker, no archiver, no cmake. */
    static Path clangOnly(Path dir) throws IOException {
        Path bin = dir.resolve("clang-bin");
        for (String name : List.of("clang", "clang++")) {
            if (!Files.exists(bin.resolve(name))) {
                script(bin.resolve(name), "exec /usr/bin/" + name + " \"$@\"\n");
            }
        }
        return bin;
    }

    /** Copies the example elsewhere, so a test can change it or build it from another place. */
    static Path copyExample(Path to) throws IOException {
        for (String name : List.of("CMakeLists.txt", "main.cpp", "lading.yaml", "etc/hellokitty.conf")) {
            Path target = to.resolve(name);
            Files.createDirectories(target.getParent());
            Files.copy(EXAMPLE.resolve(name), target);
        }
        return to;
    }

    /** The qemu-user binary of Debian's qemu-user-static that runs the platform's programs on this host. */
    static String qemu(Platform platform) {
        return "qemu-" + switch (platform.toString()) {
            case "linux/amd64" -> "x86_64";
            case "linux/arm64" -> "aarch64";
            case "linux/arm/v7", "linux/arm/v6" -> "arm";
            case "linux/386" -> "i386";
            default -> platform.architecture();
        } + "-static";
    }

    /** Runs a program built for the platform: natively on amd64, else under the platform's qemu. */
    static String run(Platform platform, Path program, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (!platform.equals(AMD64)) {
            command.add(Fixtures.qemu(platform));
        }
        command.add(program.toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), command + " printed: " + output);
        return output;
    }

    static PlatformBuild of(List<PlatformBuild> builds, Platform platform) {
        return builds.stream().filter(b -> b.platform().equals(platform)).findFirst().orElseThrow();
    }
}
