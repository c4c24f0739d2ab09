package dev.lading.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A file, kept by its name rather than its {@code Path}: a layer holds one per file until it is written, and a
 * {@code Path} with its cached string and name offsets takes some 150 bytes more than the name, tens of MiB at a few
 * hundred thousand files. A path whose name does not give it back (bytes this JVM cannot decode) is kept whole.
 */
final class FileContent implements Content {
    private final String name;
    private final Path path;
    private final long size;

    FileContent(Path file, long size) {
        String text = file.toString();
        boolean named = Path.of(text).equals(file);
        this.name = named ? text : null;
        this.path = named ? null : file;
        this.size = size;
    }

    private Path file() {
        return path != null ? path : Path.of(name);
    }

    @Override
    public InputStream open() throws IOException {
        return Files.newInputStream(file());
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public String fingerprint() throws IOException {
        Path file = file();
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        return file.toAbsolutePath() + "|" + attributes.size() + "|" + size + "|"
                + attributes.lastModifiedTime().toInstant() + "|" + attributes.fileKey();
    }

    @Override
    public String toString() {
        return file().toString();
    }
}
