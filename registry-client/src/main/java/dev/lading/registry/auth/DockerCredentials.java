package dev.lading.registry.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import com.google.cloud.tools.jib.registry.credentials.CredentialRetrievalException;
import dev.lading.core.InputException;
import dev.lading.core.LadingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The credentials docker, buildx, crane, skopeo and podman share: docker's config.json first, then podman's
 * auth.json. In each file a credential helper named by {@code credHelpers} or {@code credsStore} answers for the
 * registry when there is one; otherwise its {@code auths} entry does. The files are read on every call, so a login
 * made meanwhile is seen.
 *
 * <p>jib-core decodes the {@code auths} entries (its lookup knows Docker Hub's names and older keys). The rest is
 * done here because jib falls short: it swallows a config that is not JSON, runs helpers from the JVM's {@code PATH}
 * and asks them about {@code registry-1.docker.io} instead of Docker Hub's key, reads no {@code registrytoken}, and
 * reads an {@code identitytoken} only beside the all-zero user of Azure's logins.
 */
public final class DockerCredentials implements CredentialSource {
    /** jib needs an image to look up a registry; only the registry part is used. */
    private static final String ANY_REPOSITORY = "lading/credentials";
    /** jib's log says where it looked, which the caller reports better; dropping it also keeps helper output out. */
    private static final Consumer<LogEvent> IGNORE = event -> {
    };

    private final Map<String, String> env;
    private final Path home;

    /**
     * @param env  the environment: {@code DOCKER_CONFIG}, {@code REGISTRY_AUTH_FILE}, {@code XDG_RUNTIME_DIR},
     *             {@code XDG_CONFIG_HOME} choose the files, and credential helpers run with it (and its
     *             {@code PATH})
     * @param home the user's home directory
     */
    public DockerCredentials(Map<String, String> env, Path home) {
        this.env = Map.copyOf(env);
        this.home = home;
    }

    public static DockerCredentials fromEnvironment() {
        return new DockerCredentials(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** The files read, in order; those that do not exist are skipped. */
    public List<Path> files() {
        List<Path> files = new ArrayList<>();
        files.add(DockerConfigFile.location(env, home));
        // podman's order (containers/image): REGISTRY_AUTH_FILE alone, else the runtime file, then the config one
        Optional<String> authFile = variable("REGISTRY_AUTH_FILE");
        if (authFile.isPresent()) {
            files.add(Path.of(authFile.get()));
        } else {
            variable("XDG_RUNTIME_DIR").ifPresent(runtime -> files.add(Path.of(runtime, "containers", "auth.json")));
            Path config = variable("XDG_CONFIG_HOME").map(Path::of).orElse(home.resolve(".config"));
            files.add(config.resolve("containers").resolve("auth.json"));
        }
        return files;
    }

    @Override
    public Optional<Credential> find(String registry) {
        ConfigKey key = ConfigKey.of(registry);
        for (Path file : files()) {
            if (Files.isRegularFile(file)) {
                Optional<Credential> found = find(file, key);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private Optional<Credential> find(Path file, ConfigKey key) {
        DockerConfig config;
        try {
            config = DockerConfig.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Optional<String> helper = config.helperFor(key);
        if (helper.isPresent()) {
            return new CredentialHelper(helper.get(), env).get(key.value());
        }
        Optional<Credential> token = config.authEntry(key).flatMap(DockerCredentials::token);
        return token.isPresent() ? token : fromJib(file, key);
    }

    /**
     * The tokens jib does not read. Docker keeps an identity token beside an {@code auth} with an empty password,
     * and uses either token instead of that password.
     */
    private static Optional<Credential> token(ObjectNode entry) {
        String registryToken = entry.path("registrytoken").asText("");
        if (!registryToken.isEmpty()) {
            return Optional.of(new Credential(Credential.Kind.REGISTRY_TOKEN, "", registryToken));
        }
        String identityToken = entry.path("identitytoken").asText("");
        if (!identityToken.isEmpty()) {
            return Optional.of(new Credential(Credential.Kind.IDENTITY_TOKEN, "", identityToken));
        }
        return Optional.empty();
    }

    private Optional<Credential> fromJib(Path file, ConfigKey key) {
        ImageReference image = ImageReference.of(key.registry(), ANY_REPOSITORY, null);
        try {
            return CredentialRetrieverFactory.forImage(image, IGNORE, env).dockerConfig(file).retrieve()
                    .map(found -> found.isOAuth2RefreshToken()
                            ? new Credential(Credential.Kind.IDENTITY_TOKEN, "", found.getPassword())
                            : Credential.password(found.getUsername(), found.getPassword()));
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            // jib splits `auth` without checking it; its exception is dropped because it describes the value
            throw new InputException(file, "auths", 0, "the entry for " + key + " has an `auth` that is not"
                    + " base64 of user:password");
        } catch (CredentialRetrievalException e) {
            throw new LadingException("cannot read the credentials for " + key + " in " + file);
        }
    }

    private Optional<String> variable(String name) {
        return Optional.ofNullable(env.get(name)).filter(value -> !value.isBlank());
    }
}
