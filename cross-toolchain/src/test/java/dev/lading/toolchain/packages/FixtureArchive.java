package dev.lading.toolchain.packages;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small Debian archive made in the test: real {@code .deb} files, a {@code Packages.xz} and an {@code InRelease}
 * signed by a key made for the run, served over loopback HTTP. A test can queue special answers for one path
 * (errors, cut bodies, other content) that are served before the file itself.
 */
final class FixtureArchive {
    static final String SUITE = "trixie";

    final MockWebServer server = new MockWebServer();
    final Map<String, byte[]> files = new ConcurrentHashMap<>();
    final Map<String, Deque<MockResponse>> queued = new ConcurrentHashMap<>();
    final List<String> requested = java.util.Collections.synchronizedList(new ArrayList<>());
    final Map<String, DebianRepository.DebFile> debs = new LinkedHashMap<>();

    FixtureArchive() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getUrl().encodedPath();
                requested.add(path);
                Deque<MockResponse> special = queued.get(path);
                if (special != null) {
                    synchronized (special) {
                        if (!special.isEmpty()) {
                            return special.poll();
                        }
                    }
                }
                byte[] body = files.get(path);
                return body == null ? new MockResponse.Builder().code(404).build()
                        : new MockResponse.Builder().body(new Buffer().write(body)).build();
            }
        });
        server.start();
    }

    java.net.URI mirror() {
        return server.url("/debian").uri();
    }

    void queue(String path, MockResponse response) {
        queued.computeIfAbsent(path, p -> new ArrayDeque<>()).add(response);
    }

    long served(String path) {
        return requested.stream().filter(path::equals).count();
    }

    /** Adds a package: its .deb in the pool and its paragraph in the index text returned. */
    String addPackage(String name, String version, String arch, String depends) {
        String filename = "pool/main/" + name.charAt(0) + "/" + name + "/" + name + "_" + version + "_" + arch + ".deb";
        byte[] deb = deb(name, version, arch, Map.of("usr/share/doc/" + name + "/copyright",
                ("copyright of " + name + " " + version + "\n").getBytes(StandardCharsets.UTF_8)));
        files.put("/debian/" + filename, deb);
        String sha = sha256(deb);
        debs.put(name + "=" + version, new DebianRepository.DebFile(filename, sha, deb.length));
        return "Package: " + name + "\n"
                + "Source: " + name + "-src\n"
                + "Version: " + version + "\n"
                + "Installed-Size: 12\n"
                + "Maintainer: Test Maintainer <test@example.org>\n"
                + "Architecture: " + arch + "\n"
                + (depends == null ? "" : "Depends: " + depends + "\n")
                + "Description: the " + name + " test package\n"
                + " A longer description that the index reader drops,\n"
                + " .\n"
                + " over several lines.\n"
                + "Multi-Arch: same\n"
                + "Section: libs\n"
                + "Priority: optional\n"
                + "Filename: " + filename + "\n"
                + "Size: " + deb.length + "\n"
                + "SHA256: " + sha + "\n";
    }

    /** Publishes {@code paragraphs} as the amd64 index and a release listing it, signed by {@code key}. */
    String publish(List<String> paragraphs, TestKey key, String extraReleaseFields) {
        byte[] packages = String.join("\n", paragraphs).getBytes(StandardCharsets.UTF_8);
        byte[] xz = xz(packages);
        String indexDir = "/debian/dists/" + SUITE + "/main/binary-amd64/";
        files.put(indexDir + "Packages.xz", xz);
        files.put(indexDir + "by-hash/SHA256/" + sha256(xz), xz);
        String release = "Origin: Debian\nLabel: Debian\nSuite: stable\nVersion: 13.0\nCodename: " + SUITE + "\n"
                + "Date: Sat, 09 Aug 2025 09:12:32 UTC\n"
                + extraReleaseFields
                + "Acquire-By-Hash: yes\nArchitectures: amd64 arm64\nComponents: main contrib\n"
                + "Description: Debian 13.0 Released 09 August 2025\n"
                + "SHA256:\n"
                + " " + sha256(packages) + " " + packages.length + " main/binary-amd64/Packages\n"
                + " " + sha256(xz) + " " + xz.length + " main/binary-amd64/Packages.xz\n";
        files.put("/debian/dists/" + SUITE + "/InRelease", key.clearSign(release).getBytes(StandardCharsets.UTF_8));
        return release;
    }

    static byte[] deb(String name, String version, String arch, Map<String, byte[]> data) {
        String control = "Package: " + name + "\nVersion: " + version + "\nArchitecture: " + arch
                + "\nMaintainer: Test Maintainer <test@example.org>\nDescription: test\n";
        byte[] controlTar = xz(tar(Map.of("./control", control.getBytes(StandardCharsets.UTF_8))));
        byte[] dataTar = xz(tar(data));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ArArchiveOutputStream ar = new ArArchiveOutputStream(bytes)) {
            member(ar, "debian-binary", "2.0\n".getBytes(StandardCharsets.US_ASCII));
            member(ar, "control.tar.xz", controlTar);
            member(ar, "data.tar.xz", dataTar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void member(ArArchiveOutputStream ar, String name, byte[] content) throws IOException {
        ar.putArchiveEntry(new ArArchiveEntry(name, content.length, 0, 0, 0100644, 1_700_000_000L));
        ar.write(content);
        ar.closeArchiveEntry();
    }

    private static byte[] tar(Map<String, byte[]> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> file : new java.util.TreeMap<>(files).entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(file.getKey().startsWith("./") ? file.getKey()
                        : "./" + file.getKey());
                entry.setSize(file.getValue().length);
                entry.setMode(0100644);
                tar.putArchiveEntry(entry);
                tar.write(file.getValue());
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] xz(byte[] content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (XZOutputStream out = new XZOutputStream(bytes, new LZMA2Options(1))) {
            out.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    void close() {
        server.close();
    }
}
