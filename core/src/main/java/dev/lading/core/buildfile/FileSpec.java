package dev.lading.core.buildfile;

import java.util.Objects;

/**
 * One entry of a layer: a context file or directory ({@code src}) or a build output ({@code artifact}),
 * placed at {@code dest}. Exactly one of src and artifact is set.
 *
 * @param dest                 absolute and normalised: no '//', '.', '..' or trailing '/'
 * @param mode                 permission bits (at most 07777), or null for the default of the file kind
 * @param owner                null for the default, 0:0
 * @param allowOutsideSymlinks keep a src symlink that points outside the context instead of rejecting it
 * @param origin               the entry's mapping in the build file
 */
public record FileSpec(String src, String artifact, String dest, Integer mode, Owner owner,
                       boolean allowOutsideSymlinks, Origin origin) {
    public FileSpec {
        if ((src == null) == (artifact == null)) {
            throw new IllegalArgumentException("exactly one of src and artifact must be set");
        }
        Objects.requireNonNull(dest, "dest");
        Objects.requireNonNull(origin, "origin");
        if (mode != null && (mode < 0 || mode > 07777)) {
            throw new IllegalArgumentException("mode out of range: " + Integer.toOctalString(mode));
        }
    }

    public boolean isArtifact() {
        return artifact != null;
    }

    /** The line of the entry's mapping. */
    public int line() {
        return origin.line();
    }
}
