package dev.lading.toolchain;

import dev.lading.core.platform.Target;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * zig cc / zig c++: one program with libc, libc++ and a linker for every target, so nothing else is needed.
 * Targets are static musl, which zig links statically by default.
 *
 * @param cache the global cache shared by all targets; zig guards it with file locks
 */
record ZigToolchain(Path zig, String version, Path cache) implements Toolchain {
    @Override
    public ToolchainKind kind() {
        return ToolchainKind.ZIG;
    }

    @Override
    public String description(Target target) {
        return name() + " " + String.join(" ", selection(target));
    }

    @Override
    public String triple(Target target) {
        return target.zigMusl();
    }

    @Override
    public String identity() {
        return "zig " + zig + " " + version;
    }

    @Override
    public List<String> driver(Language language) {
        return List.of(zig.toString(), language.driver);
    }

    @Override
    public List<String> targetFlags(Target target) {
        List<String> flags = new ArrayList<>(selection(target));
        // Without an -O flag zig turns on UBSan traps, which kill the program with SIGILL.
        flags.add("-fno-sanitize=undefined");
        return flags;
    }

    /** The target and CPU; arm/v6 and arm/v7 need the CPU, zig's default for both is another. */
    private static List<String> selection(Target target) {
        return target.zigCpu() == null ? List.of("-target", target.zigMusl())
                : List.of("-target", target.zigMusl(), "-mcpu=" + target.zigCpu());
    }

    @Override
    public List<String> linkFlags(Target target) {
        // zig writes no build id by default; sha1 is derived from the content, so it is reproducible.
        return List.of("-Wl,--build-id=sha1");
    }

    @Override
    public List<String> linkFlagsWithoutDebugInfo() {
        return List.of("-Wl,--strip-debug");
    }

    @Override
    public List<String> executableFlags(Target target) {
        return List.of();
    }

    /**
     * Linker flags zig refuses, {@code -Wp,} flags other than the dependency-file ones ({@code -Wp,-MD} and the
     * like), and -march, which zig reads as a CPU name; the platform's CPU comes from -mcpu.
     */
    @Override
    public List<String> rejectedArguments() {
        return List.of("-Wl,--dependency-file*", "-Wl,-Map[=,]*", "-Wl,-znostart-stop-gc", "-Wl,-z,nostart-stop-gc",
                "-Wl,--fix-cortex-a53-843419", "-Wl,-plugin-opt*", "-Wl,--no-undefined-version", "-Wp,-[!M]*",
                "-march=*");
    }

    @Override
    public List<String> archiver() {
        return List.of(zig.toString(), "ar");
    }

    @Override
    public List<String> ranlib() {
        return List.of(zig.toString(), "ranlib");
    }

    @Override
    public Map<String, String> environment() {
        return Map.of("ZIG_GLOBAL_CACHE_DIR", cache.toString(), "ZIG_LOCAL_CACHE_DIR", cache.toString());
    }

    @Override
    public Optional<Path> findRoot(Target target) {
        return Optional.empty();
    }

    /** Concurrent first builds of the same cache entry can fail with these (zig#18989, EEXIST on a cold cache). */
    @Override
    public boolean isCacheRace(String output) {
        return output.contains("FileNotFound") || output.contains("PathAlreadyExists") || output.contains("EEXIST");
    }

    @Override
    public Shortfall shortfall(Target target, Needs needs) {
        return Shortfall.NONE;
    }
}
