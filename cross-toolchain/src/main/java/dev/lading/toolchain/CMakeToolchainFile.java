package dev.lading.toolchain;

import java.nio.file.Path;

/**
 * The {@code CMAKE_TOOLCHAIN_FILE} of one platform: the target system and the wrapper scripts as its tools. With a
 * sysroot of Debian packages, {@code find_package}, {@code find_library} and {@code pkg_check_modules} find the
 * packages' files there: below the find root, in Debian's multiarch directories, through the platform's pkg-config.
 */
final class CMakeToolchainFile {
    private CMakeToolchainFile() {
    }

    static String text(Toolchain toolchain, ToolchainTarget target, Wrappers wrappers) {
        StringBuilder text = new StringBuilder();
        text.append("# lading: ").append(toolchain.description(target))
                .append(". Generated: rewritten when the toolchain changes.\n");
        text.append("set(CMAKE_SYSTEM_NAME Linux)\n");
        text.append("set(CMAKE_SYSTEM_PROCESSOR ").append(target.cmakeProcessor()).append(")\n");
        text.append("set(CMAKE_C_COMPILER ").append(quote(wrappers.cc())).append(")\n");
        text.append("set(CMAKE_CXX_COMPILER ").append(quote(wrappers.cxx())).append(")\n");
        text.append("set(CMAKE_ASM_COMPILER ").append(quote(wrappers.cc())).append(")\n");
        // Cached and forced: CMake's own search for binutils would otherwise find the host's ar first.
        text.append("set(CMAKE_AR ").append(quote(wrappers.ar())).append(" CACHE FILEPATH \"Archiver\" FORCE)\n");
        text.append("set(CMAKE_RANLIB ").append(quote(wrappers.ranlib())).append(" CACHE FILEPATH \"Ranlib\" FORCE)\n");
        // D: zero timestamps, owners and modes in archives, whatever the archiver's default.
        text.append("foreach(lang IN ITEMS C CXX ASM)\n");
        text.append("  set(CMAKE_${lang}_ARCHIVE_CREATE \"<CMAKE_AR> qcD <TARGET> <LINK_FLAGS> <OBJECTS>\")\n");
        text.append("  set(CMAKE_${lang}_ARCHIVE_APPEND \"<CMAKE_AR> qD <TARGET> <LINK_FLAGS> <OBJECTS>\")\n");
        text.append("  set(CMAKE_${lang}_ARCHIVE_FINISH \"<CMAKE_RANLIB> -D <TARGET>\")\n");
        // zig refuses -Wl,--dependency-file, which CMake 3.31 passes by default; lld 14 does not know it either.
        text.append("  set(CMAKE_${lang}_LINKER_DEPFILE_SUPPORTED FALSE)\n");
        text.append("endforeach()\n");
        toolchain.packages(target).ifPresent(sysroot -> {
            // clang compiles against it as --sysroot; zig only takes headers and libraries from it
            if (toolchain.kind() == ToolchainKind.CLANG) {
                text.append("set(CMAKE_SYSROOT ").append(quote(sysroot.root())).append(")\n");
            }
            // the find modules look in lib/<multiarch> only when they know the name; zig tells CMake none
            text.append("set(CMAKE_LIBRARY_ARCHITECTURE ").append(target.multiarch()).append(")\n");
        });
        if (wrappers.pkgConfig() != null) {
            text.append("set(PKG_CONFIG_EXECUTABLE ").append(quote(wrappers.pkgConfig()))
                    .append(" CACHE FILEPATH \"pkg-config of the packages\" FORCE)\n");
        }
        toolchain.findRoot(target).ifPresent(root ->
                text.append("set(CMAKE_FIND_ROOT_PATH ").append(quote(root)).append(")\n"));
        // Target libraries and headers only, never the host's; programs (code generators) from the host.
        text.append("set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)\n");
        text.append("set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)\n");
        text.append("set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)\n");
        text.append("set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)\n");
        // last: CMake's detection of these compilers, when the build cache had it (see CMakeDetection)
        text.append(CMakeDetection.includeLine(wrappers.cc().getParent()));
        return text.toString();
    }

    static String quote(Path path) {
        return "\"" + path.toString().replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "\\$") + "\"";
    }
}
