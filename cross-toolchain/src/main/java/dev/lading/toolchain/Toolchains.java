package dev.lading.toolchain;

import dev.lading.core.InputException;
import dev.lading.core.LadingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the toolchain a build asked for. zig: {@code --zig}, else {@code LADING_ZIG}, else {@code zig} on PATH.
 * clang: {@code clang} and {@code clang++} on PATH. A path the user names that is not a program is bad input
 * (exit 2); a toolchain the host lacks is a failed build (exit 1) that says how to get it.
 */
final class Toolchains {
    static final String HOW_TO_GET_ZIG = "get zig from https://ziglang.org/download/ and put it on PATH, set"
            + " LADING_ZIG=/path/to/zig or pass --zig /path/to/zig";
    static final String HOW_TO_GET_CLANG = "apt-get install clang lld llvm";

    private Toolchains() {
    }

    /**
     * @param zigOption   {@code --zig}, or null
     * @param sysroot     {@code --sysroot}, or null; only clang takes one
     * @param zigCache    zig's global cache unless {@code ZIG_GLOBAL_CACHE_DIR} names another
     * @param environment the variables discovery reads: PATH, LADING_ZIG, ZIG_GLOBAL_CACHE_DIR
     */
    static Toolchain find(ToolchainKind kind, Path zigOption, Path sysroot, Path zigCache,
                          Map<String, String> environment) {
        if (sysroot != null && !Files.isDirectory(sysroot)) {
            throw new InputException("--sysroot " + sysroot + " is not a directory");
        }
        SearchPath path = SearchPath.of(environment);
        Optional<Path> zig = kind == ToolchainKind.CLANG ? Optional.empty() : zig(zigOption, environment, path);
        if (zig.isPresent()) {
            if (sysroot != null) {
                throw new InputException("--sysroot is for clang; zig brings the libc of every target itself"
                        + " (use --toolchain clang with --sysroot)");
            }
            String cache = environment.getOrDefault("ZIG_GLOBAL_CACHE_DIR", "");
            return new ZigToolchain(zig.get(), Commands.query(List.of(zig.get().toString(), "version")).strip(),
                    cache.isEmpty() ? zigCache : Path.of(cache).toAbsolutePath(), ZigToolchain.newestGlibc(zig.get()),
                    Map.of());
        }
        if (kind == ToolchainKind.ZIG) {
            throw new LadingException("toolchain zig: zig is not on PATH; " + HOW_TO_GET_ZIG);
        }
        Optional<Path> clang = path.find("clang");
        Optional<Path> clangxx = path.find("clang++");
        if (clang.isEmpty() || clangxx.isEmpty()) {
            throw new LadingException(kind == ToolchainKind.CLANG
                    ? "toolchain clang: clang and clang++ are not on PATH; install them: " + HOW_TO_GET_CLANG
                    : "no C/C++ cross-compiler: neither zig nor clang is on PATH; " + HOW_TO_GET_ZIG
                      + ", or " + HOW_TO_GET_CLANG);
        }
        String version = Versions.first(Commands.query(List.of(clang.get().toString(), "--version")));
        String major = version.substring(0, version.indexOf('.'));
        return new ClangToolchain(clang.get(), clangxx.get(), version, llvmTool(path, "llvm-ar", major),
                llvmTool(path, "llvm-ranlib", major), sysroot == null ? null : sysroot.toAbsolutePath(),
                ClangLinkers.find(path));
    }

    private static Optional<Path> zig(Path option, Map<String, String> environment, SearchPath path) {
        if (option != null) {
            return Optional.of(program(option, "--zig " + option));
        }
        String variable = environment.getOrDefault("LADING_ZIG", "");
        if (!variable.isEmpty()) {
            return Optional.of(program(Path.of(variable), "LADING_ZIG=" + variable));
        }
        return path.find("zig");
    }

    private static Path program(Path file, String given) {
        if (!SearchPath.isProgram(file)) {
            throw new InputException(given + ": not an executable file; " + HOW_TO_GET_ZIG);
        }
        return file.toAbsolutePath();
    }

    /** {@code llvm-ar}, else the one of clang's own version such as {@code llvm-ar-14}; null when neither. */
    private static Path llvmTool(SearchPath path, String name, String clangMajor) {
        return path.find(name).or(() -> path.find(name + "-" + clangMajor)).orElse(null);
    }
}
