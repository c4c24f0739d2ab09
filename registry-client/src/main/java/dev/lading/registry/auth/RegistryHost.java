package dev.lading.registry.auth;

import dev.lading.core.InputException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A registry as docker's config.json knows it. Docker Hub has several host names but one key,
 * {@code https://index.docker.io/v1/}, which docker, crane and skopeo all read.
 */
record RegistryHost(String host) {
    static final String DOCKER_HUB_KEY = "https://index.docker.io/v1/";
    private static final List<String> DOCKER_HUB_NAMES = List.of("docker.io", "index.docker.io", "registry-1.docker.io");

    /** Accepts what a user might type after {@code lading login}: a host, or a URL such as {@code https://ghcr.io/}. */
    static RegistryHost of(String registry) {
        String host = registry.strip();
        int scheme = host.indexOf("://");
        if (scheme >= 0) {
            host = host.substring(scheme + 3);
        }
        int slash = host.indexOf('/');
        if (slash >= 0) {
            host = host.substring(0, slash);
        }
        if (host.isEmpty()) {
            throw new InputException("no registry host in '" + registry + "'");
        }
        host = host.toLowerCase(Locale.ROOT);
        return new RegistryHost(DOCKER_HUB_NAMES.contains(host) ? DOCKER_HUB_NAMES.get(0) : host);
    }

    boolean isDockerHub() {
        return host.equals(DOCKER_HUB_NAMES.get(0));
    }

    /** The {@code auths} key docker writes, which is also the server URL given to a credential helper. */
    String key() {
        return isDockerHub() ? DOCKER_HUB_KEY : host;
    }

    /**
     * Every key a login may have left for this registry, {@link #key()} first: older docker versions wrote URLs
     * with a scheme or the {@code /v1/} path.
     */
    List<String> keys() {
        Set<String> keys = new LinkedHashSet<>();
        keys.add(key());
        for (String name : isDockerHub() ? DOCKER_HUB_NAMES : List.of(host)) {
            keys.add(name);
            keys.add("https://" + name);
            keys.add("http://" + name);
            keys.add("https://" + name + "/v1/");
        }
        return List.copyOf(keys);
    }

    @Override
    public String toString() {
        return host;
    }
}
