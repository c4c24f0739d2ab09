package dev.lading.toolchain.packages;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.tukaani.xz.XZInputStream;

/**
 * Real .deb files of Debian trixie from the mirror this machine's apt sources name, downloaded once into
 * target/ and checked against the index's SHA-256.
 */
final class MirrorDebs {
    static final Path CACHE = Path.of("target/mirror-debs").toAbsolutePath();
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

    private record Entry(String version, String filename, String sha256) {
    }

    private MirrorDebs() {
    }

    /** The newest version of each package for {@code arch}, in the order given. */
    static List<Path> fetch(String arch, String... packages) throws IOException, InterruptedException {
        String mirror = mirror();
        Path index = CACHE.resolve("Packages-" + arch + ".xz");
        if (!Files.exists(index)) {
            download(mirror + "/dists/trixie/main/binary-" + arch + "/Packages.xz", index);
        }
        Map<String, Entry> wanted = new HashMap<>();
        for (String p : packages) {
            wanted.put(p, null);
        }
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(
                new XZInputStream(Files.newInputStream(index)), StandardCharsets.UTF_8), 1 << 16)) {
            String name = null;
            String version = null;
            String filename = null;
            String sha = null;
            for (String line = lines.readLine(); ; line = lines.readLine()) {
                if (line == null || line.isEmpty()) {
                    if (name != null && wanted.containsKey(name) && filename != null) {
                        Entry known = wanted.get(name);
                        if (known == null || newer(version, known.version())) {
                            wanted.put(name, new Entry(version, filename, sha));
                        }
                    }
                    name = version = filename = sha = null;
                    if (line == null) {
                        break;
                    }
                } else if (line.startsWith("Package: ")) {
                    name = line.substring(9).strip();
                } else if (line.startsWith("Version: ")) {
                    version = line.substring(9).strip();
                } else if (line.startsWith("Filename: ")) {
                    filename = line.substring(10).strip();
                } else if (line.startsWith("SHA256: ")) {
                    sha = line.substring(8).strip();
                }
            }
        }
        List<Path> debs = new ArrayList<>();
        for (String p : packages) {
            Entry entry = wanted.get(p);
            if (entry == null) {
                throw new IOException(p + " is not in the " + arch + " index of " + mirror);
            }
            Path deb = CACHE.resolve(entry.filename().substring(entry.filename().lastIndexOf('/') + 1));
            if (!Files.exists(deb) || !sha256(deb).equals(entry.sha256())) {
                download(mirror + "/" + entry.filename(), deb);
                if (!sha256(deb).equals(entry.sha256())) {
                    throw new IOException(deb + " does not have the SHA-256 the index gives");
                }
            }
            debs.add(deb);
        }
        return debs;
    }

    private static boolean newer(String a, String b) throws IOException, InterruptedException {
        return new ProcessBuilder("dpkg", "--compare-versions", a, "gt", b).start().waitFor() == 0;
    }

    /** The first Debian mirror of the apt sources, as lading finds it by default. */
    static String mirror() throws IOException {
        Pattern uris = Pattern.compile("(?m)^URIs:\\s*(\\S+)");
        Path dir = Path.of("/etc/apt/sources.list.d");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".sources")).sorted().toList()) {
                    Matcher m = uris.matcher(Files.readString(file));
                    if (m.find()) {
                        return strip(m.group(1));
                    }
                }
            }
        }
        Path list = Path.of("/etc/apt/sources.list");
        if (Files.exists(list)) {
            Matcher m = Pattern.compile("(?m)^deb\\s+(?:\\[[^]]*]\\s+)?(\\S+)").matcher(Files.readString(list));
            if (m.find()) {
                return strip(m.group(1));
            }
        }
        throw new IOException("no Debian mirror in the apt sources");
    }

    private static String strip(String uri) {
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }

    private static void download(String url, Path file) throws IOException, InterruptedException {
        Files.createDirectories(file.getParent());
        Path part = file.resolveSibling(file.getFileName() + ".part");
        HttpResponse<Path> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofFile(part));
        if (response.statusCode() != 200) {
            throw new IOException(url + ": HTTP " + response.statusCode());
        }
        Files.move(part, file, StandardCopyOption.REPLACE_EXISTING);
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
