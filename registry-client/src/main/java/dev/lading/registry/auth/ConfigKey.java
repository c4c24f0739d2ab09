package dev.lading.registry.auth;

import dev.lading.core.model.RepositoryName;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The key under which docker's config.json (its {@code auths} and {@code credHelpers}) and a credential helper
 * keep a registry's login. Docker Hub has several host names but one key, {@code https://index.docker.io/v1/},
 * which docker, crane and skopeo all read.
 *
 * @param registry the registry's host as {@link RepositoryName#host} normalizes it
 */
record ConfigKey(String registry) {
    static final String DOCKER_HUB_KEY = "https://index.docker.io/v1/";
    /** The Docker Hub host names older docker versions wrote keys for. */
    private static final List<String> DOCKER_HUB_NAMES = List.of(RepositoryName.DOCKER_HUB, "index.docker.io",
            "registry-1.docker.io");

    /** Accepts what a user might type after {@code lading login}: a host, or a URL such as {@code https://ghcr.io/}. */
    static ConfigKey of(String registry) {
        return new ConfigKey(RepositoryName.host(registry));
    }

    boolean isDockerHub() {
        return registry.equals(RepositoryName.DOCKER_HUB);
    }

    /** The {@code auths} key docker writes, which is also the server URL given to a credential helper. */
    String value() {
        return isDockerHub() ? DOCKER_HUB_KEY : registry;
    }

    /**
     * Every key a login may have left for this registry, {@link #value()} first: older docker versions wrote URLs
     * with a scheme or the {@code /v1/} path.
     */
    List<String> all() {
        Set<String> keys = new LinkedHashSet<>();
        keys.add(value());
        for (String name : isDockerHub() ? DOCKER_HUB_NAMES : List.of(registry)) {
            keys.add(name);
            keys.add("https://" + name);
            keys.add("http://" + name);
            keys.add("https://" + name + "/v1/");
        }
        return List.copyOf(keys);
    }

    @Override
    public String toString() {
        return registry;
    }
}
