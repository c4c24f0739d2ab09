package dev.lading.toolchain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lading.core.model.Platform;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * zig cc / zig c++: one program with libc, libc++ and a linker for every target, so nothing else is needed.
 * Targets are static musl, which zig links statically by default. A platform with a sysroot of Debian packages
 * targets glibc instead, at the sysroot's glibc version (or the newest zig knows, when that is older), and links
 * dynamically against the packages' libraries. zig still brings the libc: its headers come first and the packages'
 * directories after them ({@code -idirafter}), so glibc's headers from the sysroot never replace zig's own.
 *
 * @param cache       the global cache shared by all targets; zig guards it with file locks
 * @param newestGlibc the newest glibc version zig can build, e.g. {@code 2.40}; null when zig does not say
 * @param packages    the platforms' sysroots of Debian packages
 */
record ZigToolchain(Path zig, String version, Path cache, String newestGlibc, Map<Platform, PackageSysroot> packages)
        implements Toolchain {
    /** zig's C++ library is LLVM's libc++; C++ libraries from packages are built against GCC's libstdc++. */
    static final String NO_CXX_WITH_PACKAGES = "zig cannot build C++ against Debian packages: a C++ library from"
            + " packages needs the packages' libstdc++, and zig links its own libc++; build with --toolchain clang"
            + " (a CMake project of C alone: project(NAME C))";

    ZigToolchain {
        packages = Map.copyOf(packages);
    }

    ZigToolchain(Path zig, String version, Path cache) {
        this(zig, version, cache, null, Map.of());
    }

    /**
     * The newest glibc that {@code zig targets} lists. zig builds an older one than asked for with a warning on
     * every compile; what is built for an older glibc runs on the newer one of the image.
     */
    static String newestGlibc(Path zig) {
        try {
            Commands.Outcome outcome = Commands.run(List.of(zig.toString(), "targets"), null, Map.of());
            if (!outcome.ok()) {
                return null;
            }
            String newest = null;
            for (JsonNode version : new ObjectMapper().readTree(outcome.output()).path("glibc")) {
                String majorMinor = majorMinor(version.asText());
                if (majorMinor != null && (newest == null || compare(majorMinor, newest) > 0)) {
                    newest = majorMinor;
                }
            }
            return newest;
        } catch (IOException e) {
            return null;
        }
    }

    private static String majorMinor(String version) {
        String[] parts = version.split("\\.");
        return parts.length >= 2 && parts[0].matches("\\d+") && parts[1].matches("\\d+") ? parts[0] + "." + parts[1]
                : null;
    }

    private static int compare(String left, String right) {
        String[] a = left.split("\\.");
        String[] b = right.split("\\.");
        int major = Integer.compare(Integer.parseInt(a[0]), Integer.parseInt(b[0]));
        return major != 0 ? major : Integer.compare(Integer.parseInt(a[1]), Integer.parseInt(b[1]));
    }

    /** The sysroot's glibc, or the newest zig can build when that is older. */
    private String glibc(PackageSysroot sysroot) {
        return newestGlibc != null && compare(sysroot.glibcVersion(), newestGlibc) > 0 ? newestGlibc
                : sysroot.glibcVersion();
    }

    @Override
    public ToolchainKind kind() {
        return ToolchainKind.ZIG;
    }

    @Override
    public String description(ToolchainTarget target) {
        return name() + " " + String.join(" ", selection(target));
    }

    @Override
    public String triple(ToolchainTarget target) {
        return packages(target).map(sysroot -> target.zigGnu(glibc(sysroot))).orElse(target.zigMusl());
    }

    @Override
    public String identity() {
        return "zig " + zig + " " + version;
    }

    @Override
    public List<Path> programs() {
        return List.of(zig);
    }

    @Override
    public List<String> driver(Language language) {
        return List.of(zig.toString(), language.driver);
    }

    @Override
    public List<String> targetFlags(ToolchainTarget target) {
        List<String> flags = new ArrayList<>(selection(target));
        // Without an -O flag zig turns on UBSan traps, which kill the program with SIGILL.
        flags.add("-fno-sanitize=undefined");
        packages(target).ifPresent(sysroot -> sysroot.includeDirectories(target).forEach(directory -> {
            flags.add("-idirafter");
            flags.add(directory.toString());
        }));
        return flags;
    }

    /** The target and CPU; arm/v6 and arm/v7 need the CPU, zig's default for both is another. */
    private List<String> selection(ToolchainTarget target) {
        return target.zigCpu() == null ? List.of("-target", triple(target))
                : List.of("-target", triple(target), "-mcpu=" + target.zigCpu());
    }

    /** zig refuses {@code -rpath-link}; lld needs none, it does not follow the libraries' own DT_NEEDED. */
    @Override
    public List<String> linkFlags(ToolchainTarget target) {
        List<String> flags = new ArrayList<>();
        packages(target).ifPresent(sysroot -> flags.add("-L" + sysroot.libraryDirectory(target)));
        // zig writes no build id by default; sha1 is derived from the content, so it is reproducible.
        flags.add("-Wl,--build-id=sha1");
        return flags;
    }

    @Override
    public List<String> linkFlagsWithoutDebugInfo() {
        return List.of("-Wl,--strip-debug");
    }

    @Override
    public List<String> executableFlags(ToolchainTarget target) {
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
    public Optional<Path> findRoot(ToolchainTarget target) {
        return packages(target).map(PackageSysroot::root);
    }

    @Override
    public Toolchain withPackages(Map<Platform, PackageSysroot> sysroots) {
        return new ZigToolchain(zig, version, cache, newestGlibc, sysroots);
    }

    @Override
    public Optional<PackageSysroot> packages(ToolchainTarget target) {
        return Optional.ofNullable(packages.get(target.platform()));
    }

    @Override
    public Optional<String> refusal(ToolchainTarget target, Language language) {
        return language == Language.CXX && packages(target).isPresent() ? Optional.of(NO_CXX_WITH_PACKAGES)
                : Optional.empty();
    }

    /** Concurrent first builds of the same cache entry can fail with these (zig#18989, EEXIST on a cold cache). */
    @Override
    public boolean isCacheRace(String output) {
        return output.contains("FileNotFound") || output.contains("PathAlreadyExists") || output.contains("EEXIST");
    }

    @Override
    public Shortfall shortfall(ToolchainTarget target, Needs needs) {
        return Shortfall.NONE;
    }
}
