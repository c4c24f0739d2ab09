package dev.lading.core.model;

import dev.lading.core.InputException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An image reference {@code [host[:port]/]repo[:tag][@digest]}: a {@link RepositoryName} and a tag, a digest or
 * both. Normalized as docker does: no host means {@code docker.io}, a single-component docker.io repository gets
 * {@code library/}, and a name with neither tag nor digest means {@code :latest}.
 */
public record Reference(RepositoryName name, String tag, Digest digest) {
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");

    public Reference {
        Objects.requireNonNull(name, "name");
        if (tag != null && !TAG.matcher(tag).matches()) {
            throw new InputException("malformed tag '" + tag + "'");
        }
        if (tag == null && digest == null) {
            throw new IllegalArgumentException("a reference to " + name + " needs a tag or a digest");
        }
    }

    public static Reference parse(String text) {
        String rest = text;
        Digest digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = Digest.parse(rest.substring(at + 1));
            rest = rest.substring(0, at);
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        if (rest.isEmpty() || RepositoryName.hostEnd(rest) == rest.length() - 1) {
            throw new InputException("malformed image reference '" + text + "': no repository");
        }
        if (tag == null && digest == null) {
            tag = "latest";
        }
        return new Reference(RepositoryName.parse(rest), tag, digest);
    }

    public Optional<String> tagName() {
        return Optional.ofNullable(tag);
    }

    /**
     * What names the manifest in the registry's {@code /manifests/} path: the digest when there is one (it pins
     * the content even when a tag is given too), else the tag.
     */
    public String tagOrDigest() {
        return digest != null ? digest.toString() : tag;
    }

    @Override
    public String toString() {
        return name + (tag == null ? "" : ':' + tag) + (digest == null ? "" : "@" + digest);
    }
}
