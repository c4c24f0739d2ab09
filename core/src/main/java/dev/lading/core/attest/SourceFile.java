package dev.lading.core.attest;

/**
 * A file the build read: the build file, a {@code src:} file of a layer or a native source.
 *
 * @param path relative to the build file's directory, with {@code /} separators
 */
public record SourceFile(String path, Checksums checksums) {
    public SourceFile {
        if (path.isEmpty() || path.startsWith("/")) {
            throw new IllegalArgumentException("a source path is relative: '" + path + "'");
        }
    }
}
