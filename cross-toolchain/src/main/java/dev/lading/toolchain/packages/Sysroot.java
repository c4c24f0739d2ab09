package dev.lading.toolchain.packages;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A platform's sysroot: its Debian packages ({@code libc6-dev}, {@code libgcc-*-dev}, {@code libstdc++-*-dev},
 * {@code linux-libc-dev} and the build list) unpacked into {@code DIRECTORY/root}, which compilers take as
 * {@code --sysroot}. Made as {@link UnpackedDebs} makes trees (atomically, reused when present, nothing written
 * outside), with absolute symlink targets rewritten relative to the link, so {@code /lib/x/libz.so.1} resolves in
 * the sysroot and not on the host.
 *
 * <p>Debian is merged-/usr: packages ship {@code usr/lib/...}, while linker scripts ({@code libc.so}) and the ELF
 * interpreter name {@code /lib/...}; the top-level {@code bin lib lib32 lib64 libx32 sbin -> usr/...} links make
 * both work. They are there before the first package, as on an installed system, so a package that still ships
 * {@code lib/x} puts it in {@code usr/lib/x}; the ones whose {@code usr/X} no package brought are dropped at the
 * end. The scripts are left as they are: clang's lld (like GNU ld) prefixes the sysroot to an absolute path in a
 * script that lies inside the sysroot, and through the links that path exists.
 */
public record Sysroot(UnpackedDebs unpacked) {
    /** Unpacks {@code debs}, in order, into {@code directory} unless it already exists. */
    public static Sysroot assemble(List<Path> debs, Path directory) {
        return new Sysroot(UnpackedDebs.unpack(debs, directory, true, path -> true));
    }

    /** What {@code --sysroot} names. */
    public Path root() {
        return unpacked.root();
    }

    /** Which package ships each file and symlink, by root-relative path such as {@code usr/lib/x/libz.so.1}. */
    public Map<String, String> owners() {
        return unpacked.owners();
    }

    /** The packages, in the order they were unpacked. */
    public List<UnpackedDebs.Package> packages() {
        return unpacked.packages();
    }

    /**
     * The package shipping a file or link named {@code fileName} (a soname such as {@code libz.so.1}) in the first
     * of {@code directories} (root-relative, e.g. {@code usr/lib/aarch64-linux-gnu}) that has one.
     */
    public Optional<String> ownerOf(String fileName, List<String> directories) {
        Map<String, String> owners = owners();
        return directories.stream().map(dir -> owners.get(DebPaths.child(dir, fileName)))
                .filter(Objects::nonNull).findFirst();
    }

}
