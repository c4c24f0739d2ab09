package dev.lading.toolchain.packages;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import com.github.luben.zstd.ZstdOutputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/** Small .deb files made the way dpkg-deb makes them (ar of debian-binary, control.tar.xz, data.tar.xz). */
final class TestDebs {
    private final String name;
    private final List<String> scripts = new ArrayList<>();
    private final List<Object[]> entries = new ArrayList<>();
    private String format = "2.0\n";
    private String md5sums;
    private int truncateDataBy;
    private int truncateFileBy;
    private String compression = ".xz";

    private TestDebs(String name) {
        this.name = name;
    }

    static TestDebs named(String name) {
        return new TestDebs(name);
    }

    TestDebs dir(String path, int mode) {
        entries.add(new Object[] {"dir", path, mode, null});
        return this;
    }

    TestDebs file(String path, int mode, String content) {
        entries.add(new Object[] {"file", path, mode, content});
        return this;
    }

    TestDebs symlink(String path, String target) {
        entries.add(new Object[] {"symlink", path, 0777, target});
        return this;
    }

    TestDebs hardlink(String path, String target) {
        entries.add(new Object[] {"hardlink", path, 0644, target});
        return this;
    }

    TestDebs fifo(String path) {
        entries.add(new Object[] {"fifo", path, 0644, null});
        return this;
    }

    /** The data member's compression: {@code .xz} (the default), {@code .gz}, {@code .zst}, {@code .bz2} or none. */
    TestDebs compression(String suffix) {
        compression = suffix;
        return this;
    }

    TestDebs script(String script) {
        scripts.add(script);
        return this;
    }

    TestDebs md5sums(String text) {
        md5sums = text;
        return this;
    }

    TestDebs format(String text) {
        format = text;
        return this;
    }

    /** Cuts the compressed data member short (the ar header then gives the shorter length). */
    TestDebs truncateData(int bytes) {
        truncateDataBy = bytes;
        return this;
    }

    /** Cuts the whole file short, so the last member has fewer bytes than its header says. */
    TestDebs truncateFile(int bytes) {
        truncateFileBy = bytes;
        return this;
    }

    String control() {
        return "Package: " + name + "\nVersion: 1.0-1\nArchitecture: arm64\nMaintainer: Test <t@example.org>\n"
                + "Description: test package\n a second line\n .\n after a blank one\n";
    }

    Path write(Path directory) throws IOException {
        List<Object[]> control = new ArrayList<>();
        control.add(new Object[] {"file", "./control", 0644, control()});
        if (md5sums != null) {
            control.add(new Object[] {"file", "./md5sums", 0644, md5sums});
        }
        for (String script : scripts) {
            control.add(new Object[] {"file", "./" + script, 0755, "#!/bin/sh\nexit 0\n"});
        }
        byte[] data = compress(tar(entries), compression);
        if (truncateDataBy > 0) {
            data = Arrays.copyOf(data, data.length - truncateDataBy);
        }
        ByteArrayOutputStream deb = new ByteArrayOutputStream();
        try (ArArchiveOutputStream ar = new ArArchiveOutputStream(deb)) {
            member(ar, "debian-binary", format.getBytes(StandardCharsets.US_ASCII));
            member(ar, "control.tar.xz", xz(tar(control)));
            member(ar, "data.tar" + compression, data);
        }
        byte[] bytes = deb.toByteArray();
        Path file = Files.createDirectories(directory).resolve(name + "_1.0-1_arm64.deb");
        Files.write(file, Arrays.copyOf(bytes, bytes.length - truncateFileBy));
        return file;
    }

    private static void member(ArArchiveOutputStream ar, String name, byte[] bytes) throws IOException {
        ar.putArchiveEntry(new ArArchiveEntry(name, bytes.length, 0, 0, 0100644, 1_700_000_000L));
        ar.write(bytes);
        ar.closeArchiveEntry();
    }

    static byte[] tar(List<Object[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Object[] e : entries) {
                String kind = (String) e[0];
                String path = (String) e[1];
                int mode = (Integer) e[2];
                TarArchiveEntry entry;
                byte[] content = new byte[0];
                switch (kind) {
                    case "dir" -> entry = new TarArchiveEntry(path.endsWith("/") ? path : path + "/");
                    case "symlink" -> {
                        entry = new TarArchiveEntry(path, TarConstants.LF_SYMLINK);
                        entry.setLinkName((String) e[3]);
                    }
                    case "fifo" -> entry = new TarArchiveEntry(path, TarConstants.LF_FIFO);
                    case "hardlink" -> {
                        entry = new TarArchiveEntry(path, TarConstants.LF_LINK);
                        entry.setLinkName((String) e[3]);
                    }
                    default -> {
                        entry = new TarArchiveEntry(path);
                        content = ((String) e[3]).getBytes(StandardCharsets.UTF_8);
                        entry.setSize(content.length);
                    }
                }
                entry.setMode(mode);
                entry.setUserId(0);
                entry.setGroupId(kind.equals("file") && (mode & 04000) != 0 ? 42 : 0);
                entry.setModTime(1_700_000_000_000L);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    static byte[] compress(byte[] bytes, String suffix) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OutputStream compressor = switch (suffix) {
            case ".xz" -> new XZOutputStream(out, new LZMA2Options(1));
            case ".gz" -> new GZIPOutputStream(out);
            case ".zst" -> new ZstdOutputStream(out);
            case ".bz2" -> new BZip2CompressorOutputStream(out);
            case "" -> out;
            default -> throw new IllegalArgumentException(suffix);
        };
        try (compressor) {
            compressor.write(bytes);
        }
        return out.toByteArray();
    }

    static byte[] xz(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream xz = new XZOutputStream(out, new LZMA2Options(1))) {
            xz.write(bytes);
        }
        return out.toByteArray();
    }
}
