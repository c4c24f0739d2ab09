package dev.lading.core.model;

import dev.lading.core.InputException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A repository as a registry serves it: the registry's host ({@code host[:port]}, normalized) and the repository's
 * path in it. Parsed once where a name enters lading; everything after that passes this value, never the two strings.
 */
public record RepositoryName(String registry, String path) {
    public static final String DOCKER_HUB = "docker.io";
    private static final Pattern PATH = Pattern.compile(
            "[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*)*");
    private static final Pattern HOST = Pattern.compile(
            "(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
                    + "|\\[[0-9A-Fa-f:.]+\\])(?::[0-9]+)?");

    public RepositoryName {
        if (!HOST.matcher(registry).matches()) {
            throw new InputException("malformed registry host '" + registry + "'");
        }
        if (!PATH.matcher(path).matches()) {
            throw new InputException("malformed repository '" + path
                    + "': lowercase letters, digits and separators (. _ __ -) in /-separated parts");
        }
        registry = host(registry);
        if (registry.equals(DOCKER_HUB) && !path.contains("/")) {
            path = "library/" + path;
        }
    }

    /**
     * {@code [host[:port]/]path} as docker reads it: the first part is a host when it has a dot or a port, is
     * {@code localhost} or an IPv6 literal; otherwise the name is on Docker Hub.
     */
    public static RepositoryName parse(String text) {
        int slash = hostEnd(text);
        if (slash > 0) {
            return new RepositoryName(text.substring(0, slash), text.substring(slash + 1));
        }
        if (text.isEmpty()) {
            throw new InputException("malformed repository name '': no repository");
        }
        return new RepositoryName(DOCKER_HUB, text);
    }

    /** Where the host of {@code text} ends (the index of its first slash), or -1 when it names no host. */
    static int hostEnd(String text) {
        int slash = text.indexOf('/');
        if (slash > 0) {
            String first = text.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost") || first.startsWith("[")) {
                return slash;
            }
        }
        return -1;
    }

    /**
     * The one normalization of a registry host: lower case, and Docker Hub's several names as {@code docker.io}.
     * A user's argument may also carry a scheme or a path ({@code https://ghcr.io/v2/}), as docker accepts it.
     */
    public static String host(String argument) {
        String host = argument.strip().replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "").replaceFirst("/.*$", "");
        if (host.isEmpty() || !HOST.matcher(host).matches()) {
            throw new InputException("'" + argument + "' is not a registry host such as ghcr.io or localhost:5000");
        }
        host = host.toLowerCase(Locale.ROOT);
        return switch (host) {
            case "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com" -> DOCKER_HUB;
            default -> host;
        };
    }

    /** The same repository with a tag. */
    public Reference withTag(String tag) {
        return new Reference(this, tag, null);
    }

    /** The same repository at a digest. */
    public Reference withDigest(Digest digest) {
        return new Reference(this, null, digest);
    }

    /** {@code host/path}. */
    @Override
    public String toString() {
        return registry + '/' + path;
    }
}
