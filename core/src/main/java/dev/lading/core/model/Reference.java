package dev.lading.core.model;

import dev.lading.core.InputException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An image reference {@code [host[:port]/]repo[:tag][@digest]}, normalized as docker does: no host means
 * {@code docker.io}, and a single-component docker.io repository gets {@code library/}.
 */
public record Reference(String registry, String repository, String tag, Digest digest) {
    public static final String DEFAULT_REGISTRY = "docker.io";
    private static final Pattern REPOSITORY = Pattern.compile(
            "[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");
    private static final Pattern HOST = Pattern.compile(
            "(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\\[[0-9A-Fa-f:.]+\\])(?::[0-9]+)?");

    public Reference {
        if (!HOST.matcher(registry).matches()) {
            throw new InputException("malformed registry host '" + registry + "'");
        }
        if (!REPOSITORY.matcher(repository).matches()) {
            throw new InputException("malformed repository '" + repository
                    + "': lowercase letters, digits and separators (. _ __ -) in /-separated parts");
        }
        if (tag != null && !TAG.matcher(tag).matches()) {
            throw new InputException("malformed tag '" + tag + "'");
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
        String registry = DEFAULT_REGISTRY;
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost") || first.startsWith("[")) {
                registry = first;
                rest = rest.substring(slash + 1);
            }
        }
        if (rest.isEmpty()) {
            throw new InputException("malformed image reference '" + text + "': no repository");
        }
        if (registry.equals(DEFAULT_REGISTRY) && !rest.contains("/")) {
            rest = "library/" + rest;
        }
        if (tag == null && digest == null) {
            tag = "latest";
        }
        return new Reference(registry, rest, tag, digest);
    }

    public Optional<String> tagName() {
        return Optional.ofNullable(tag);
    }

    /** {@code host/repo} without tag or digest. */
    public String name() {
        return registry + '/' + repository;
    }

    @Override
    public String toString() {
        return name() + (tag == null ? "" : ':' + tag) + (digest == null ? "" : "@" + digest);
    }
}
