package dev.lading.core.attest;

import dev.lading.core.model.Platform;
import dev.lading.core.model.Reference;
import dev.lading.core.model.RepositoryName;
import java.nio.charset.StandardCharsets;

/**
 * Package URLs of images, as BuildKit names the subjects of its attestations:
 * {@code pkg:docker/<namespace>/<name>@<tag>?platform=<os>%2F<arch>}, with docker.io names in their short form.
 */
final class Purls {
    /** The name of an image the build gave no tag. */
    static final String UNNAMED = "lading-image";

    private Purls() {
    }

    /** @param reference the image's reference, or null for an image without a name */
    static String image(Reference reference, Platform platform) {
        StringBuilder purl = new StringBuilder("pkg:docker/");
        if (reference == null) {
            purl.append(UNNAMED);
        } else {
            String[] segments = familiarName(reference).split("/");
            for (int i = 0; i < segments.length; i++) {
                purl.append(i == 0 ? "" : "/").append(encode(segments[i]));
            }
            String version = reference.tag() != null ? reference.tag()
                    : reference.digest() != null ? reference.digest().toString() : null;
            if (version != null) {
                purl.append('@').append(encode(version));
            }
        }
        return purl.append("?platform=").append(encode(platform.toString())).toString();
    }

    /** {@code docker.io/library/alpine} is {@code alpine}, {@code docker.io/user/app} is {@code user/app}. */
    static String familiarName(Reference reference) {
        RepositoryName name = reference.name();
        if (!name.registry().equals(RepositoryName.DOCKER_HUB)) {
            return name.toString();
        }
        String path = name.path();
        return path.startsWith("library/") && path.indexOf('/', "library/".length()) < 0
                ? path.substring("library/".length()) : path;
    }

    /** Percent-encodes all but the characters a purl component may hold as they are. */
    static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || ".-_~:".indexOf(c) >= 0)) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
