package dev.lading.toolchain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lading.core.model.Digest;
import dev.lading.toolchain.packages.Deb822;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.tukaani.xz.XZInputStream;

/**
 * Test scaffolding: a real Debian trixie sysroot of one architecture, from the mirror the host's apt sources name,
 * unpacked with {@code dpkg-deb -x} (lading's own unpacker is another piece of work). Downloads are kept in
 * {@code ~/.cache/lading-tests/debs}, and the index for a day, so reruns need no network.
 */
final class TrixieSysroot {
    static final Path CACHE = Path.of(System.getProperty("user.home"), ".cache/lading-tests/debs");
    /** The suite's C and C++ runtime and development files, with their Depends, and zlib. */
    static final List<String> BASE = List.of("libc6", "libc6-dev", "libgcc-s1", "libgcc-14-dev", "libstdc++6",
            "libstdc++-14-dev", "linux-libc-dev", "libcrypt1", "libcrypt-dev", "zlib1g", "zlib1g-dev");
    /** BASE and lz4 and OpenSSL, with their Depends. */
    static final List<String> LIBRARIES = concat(BASE, List.of("liblz4-1", "liblz4-dev", "libxxhash0",
            "libxxhash-dev", "libssl3t64", "libssl-dev", "libzstd1"));
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(30)).build();

    private TrixieSysroot() {
    }

    /** Unpacks the packages of a Debian architecture into {@code root}; returns the sysroot with libc6's glibc. */
    static PackageSysroot build(String architecture, Path root, List<String> packages)
            throws IOException, InterruptedException {
        String mirror = mirror();
        Map<String, Deb822.Paragraph> index = index(mirror, architecture, packages);
        Files.createDirectories(root);
        for (String name : packages) {
            Deb822.Paragraph entry = Optional.ofNullable(index.get(name))
                    .orElseThrow(() -> new IOException(name + " is not in trixie's " + architecture + " index"));
            Path deb = download(mirror, entry);
            Process unpack = new ProcessBuilder("dpkg-deb", "-x", deb.toString(), root.toString())
                    .redirectErrorStream(true).start();
            String output = new String(unpack.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, unpack.waitFor(), "dpkg-deb -x " + deb + ": " + output);
        }
        // merged /usr: trixie's base-files makes these links, which the linker scripts' /lib paths and the loader
        // paths of 64-bit platforms (/lib64/ld64.so.2) go through
        for (String link : List.of("lib", "bin", "sbin", "lib64")) {
            if (Files.isDirectory(root.resolve("usr").resolve(link))
                    && !Files.exists(root.resolve(link), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(root.resolve(link), Path.of("usr", link));
            }
        }
        return PackageSysroot.of(root, index.get("libc6").require("Version"));
    }

    /** The first mirror of the host's apt sources: deb822 {@code URIs:}, else a {@code deb} line. */
    static String mirror() throws IOException {
        Path sources = Path.of("/etc/apt/sources.list.d");
        if (Files.isDirectory(sources)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(sources, "*.sources")) {
                for (Path file : files) {
                    for (String line : Files.readAllLines(file)) {
                        if (line.startsWith("URIs:")) {
                            return strip(line.substring("URIs:".length()).trim().split("\\s+")[0]);
                        }
                    }
                }
            }
        }
        Path list = Path.of("/etc/apt/sources.list");
        if (Files.isRegularFile(list)) {
            for (String line : Files.readAllLines(list)) {
                String[] words = line.trim().split("\\s+");
                if (words.length > 1 && words[0].equals("deb")) {
                    return strip(words[words[1].startsWith("[") ? 2 : 1]);
                }
            }
        }
        throw new IOException("the host's apt sources name no Debian mirror");
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return List.copyOf(all);
    }

    private static String strip(String uri) {
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }

    /** Each package's newest entry in the architecture's index. */
    private static Map<String, Deb822.Paragraph> index(String mirror, String architecture, List<String> packages)
            throws IOException, InterruptedException {
        Path file = CACHE.resolve("trixie-main-" + architecture + "-Packages.xz");
        if (!Files.isRegularFile(file) || Files.getLastModifiedTime(file).toInstant()
                .isBefore(Instant.now().minus(Duration.ofDays(1)))) {
            fetch(mirror + "/dists/trixie/main/binary-" + architecture + "/Packages.xz", file);
            Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
        }
        String text;
        try (InputStream in = new XZInputStream(Files.newInputStream(file))) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, Deb822.Paragraph> newest = new TreeMap<>();
        for (Deb822.Paragraph paragraph : Deb822.parse(text)) {
            String name = paragraph.require("Package");
            if (!packages.contains(name)) {
                continue;
            }
            Deb822.Paragraph other = newest.get(name);
            if (other == null || newer(paragraph.require("Version"), other.require("Version"))) {
                newest.put(name, paragraph);
            }
        }
        return newest;
    }

    /** Debian's version order, as dpkg itself decides it. */
    private static boolean newer(String version, String than) throws IOException, InterruptedException {
        return new ProcessBuilder("dpkg", "--compare-versions", version, "gt", than).start().waitFor() == 0;
    }

    private static Path download(String mirror, Deb822.Paragraph entry) throws IOException, InterruptedException {
        String filename = entry.require("Filename");
        Path file = CACHE.resolve(filename.substring(filename.lastIndexOf('/') + 1));
        String sha256 = entry.require("SHA256");
        if (!Files.isRegularFile(file) || !Digest.sha256(Files.readAllBytes(file)).hex().equals(sha256)) {
            fetch(mirror + "/" + filename, file);
            String got = Digest.sha256(Files.readAllBytes(file)).hex();
            if (!got.equals(sha256)) {
                Files.delete(file);
                throw new IOException(filename + ": SHA-256 " + got + ", the index says " + sha256);
            }
        }
        return file;
    }

    private static void fetch(String url, Path file) throws IOException, InterruptedException {
        Files.createDirectories(file.getParent());
        Path partial = file.resolveSibling(file.getFileName() + ".part-" + ProcessHandle.current().pid());
        List<String> failures = new ArrayList<>();
        for (int attempt = 0; attempt < 3; attempt++) {
            HttpResponse<Path> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofFile(partial));
            if (response.statusCode() == 200) {
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return;
            }
            failures.add("HTTP " + response.statusCode());
        }
        Files.deleteIfExists(partial);
        throw new IOException(url + ": " + String.join(", ", failures));
    }
}
