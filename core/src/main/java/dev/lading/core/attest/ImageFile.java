package dev.lading.core.attest;

/**
 * A regular file lading put into an image.
 *
 * @param path   where it is in the image, e.g. {@code /app/hello}
 * @param source the {@code src:} file it was copied from, relative to the build file's directory; null for a
 *               build output ({@code artifact:}), which the native build generated from its sources
 */
public record ImageFile(String path, Checksums checksums, String source) {
    public ImageFile {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("an image path is absolute: '" + path + "'");
        }
    }

    public boolean isArtifact() {
        return source == null;
    }
}
