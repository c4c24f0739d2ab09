package dev.lading.cli;

import dev.lading.toolchain.packages.DebianPackages;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options of every command that fetches Debian packages for the build file's {@code packages:}. */
final class PackageFlags {
    @Option(names = "--package-mirror", paramLabel = "URL",
            description = "Debian mirror (default: $LADING_PACKAGE_MIRROR, else the first Debian deb URI of the"
                    + " host's apt sources)")
    String mirror;

    @Option(names = "--package-keyring", paramLabel = "FILE",
            description = "Also trust the OpenPGP keys of this keyring (binary or armored) for InRelease files")
    Path keyring;

    @Option(names = "--package-snapshot", paramLabel = "URL",
            description = "Where to fetch a locked .deb the mirror no longer serves, e.g. a snapshot archive")
    String snapshot;

    DebianPackages.Settings settings() {
        return new DebianPackages.Settings(mirror, keyring, snapshot, Settings.cacheDirectory().resolve("packages"),
                System.getenv(), Path.of("/etc/apt"));
    }
}
