package dev.lading.toolchain;

import dev.lading.core.InputException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One platform's sysroot assembled from Debian packages of the platform's own architecture: a directory laid out
 * like a Debian root ({@code usr/include}, {@code usr/lib/<multiarch>}, {@code usr/lib/gcc/<triple>/<N>}, the
 * merged-/usr links {@code lib -> usr/lib}). clang builds against it as its {@code --sysroot}; zig keeps its own
 * libc, built for the sysroot's glibc version, and takes the packages' headers and libraries from it.
 *
 * @param root         the sysroot; its path is part of the build directory's identity, so a sysroot whose
 *                     content changes must get a new path (sysroots are kept by the hash of what they hold)
 * @param glibcVersion the glibc version of the sysroot's libc6, e.g. {@code 2.41}: zig's libc is built for it, so
 *                     executables need no newer glibc than the image's
 */
public record PackageSysroot(Path root, String glibcVersion) {
    private static final Pattern GLIBC = Pattern.compile("\\d+\\.\\d+");
    /** The upstream part of a Debian version of libc6: {@code 2.41} of {@code 2.41-12+deb13u5}. */
    private static final Pattern LIBC6 = Pattern.compile("^(?:\\d+:)?(\\d+\\.\\d+)(?:[.~+-].*)?$");

    public PackageSysroot {
        root = root.toAbsolutePath().normalize();
        if (!GLIBC.matcher(glibcVersion).matches()) {
            throw new InputException("glibc version '" + glibcVersion + "' of sysroot " + root
                    + ": expected MAJOR.MINOR, e.g. 2.41");
        }
    }

    /** The sysroot with the glibc version of its libc6 package, e.g. {@code 2.41-12+deb13u5}. */
    public static PackageSysroot of(Path root, String libc6Version) {
        Matcher matcher = LIBC6.matcher(libc6Version);
        if (!matcher.matches()) {
            throw new InputException("libc6 version '" + libc6Version
                    + "' has no glibc version (MAJOR.MINOR-REVISION)");
        }
        return new PackageSysroot(root, matcher.group(1));
    }

    /** The packages' headers: the architecture's own directory first, as Debian's compilers search them. */
    List<Path> includeDirectories(ToolchainTarget target) {
        return List.of(root.resolve("usr/include").resolve(target.multiarch()), root.resolve("usr/include"));
    }

    /** Where the packages' libraries are, {@code usr/lib/<multiarch>}. */
    Path libraryDirectory(ToolchainTarget target) {
        return root.resolve("usr/lib").resolve(target.multiarch());
    }

    /** Where pkg-config looks, in Debian's order: architecture-specific {@code .pc} files first. */
    List<Path> pkgConfigDirectories(ToolchainTarget target) {
        return List.of(libraryDirectory(target).resolve("pkgconfig"), root.resolve("usr/share/pkgconfig"),
                root.resolve("usr/lib/pkgconfig"));
    }
}
