package dev.lading.registry.auth;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lading.core.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes {@code lading login} and {@code lading logout} into docker's config.json, where docker, buildx, crane and
 * skopeo find them. A credential helper named for the registry ({@code credHelpers}, else {@code credsStore}) keeps
 * the secret and the file only an empty entry, as docker does; otherwise the file holds {@code auth}. Every field
 * lading does not know is kept, and the file is replaced atomically with owner-only permissions.
 */
public final class DockerConfigFile {
    /** Fields of an {@code auths} entry that hold a secret, all replaced by a new login. */
    private static final List<String> SECRET_FIELDS =
            List.of("auth", "username", "password", "identitytoken", "registrytoken");

    private final Path file;
    private final Map<String, String> env;

    /**
     * @param env  the environment: {@code DOCKER_CONFIG} chooses the directory, and credential helpers run with
     *             it (and its {@code PATH})
     * @param home the user's home directory
     */
    public DockerConfigFile(Map<String, String> env, Path home) {
        this.file = location(env, home);
        this.env = Map.copyOf(env);
    }

    public static DockerConfigFile fromEnvironment() {
        return new DockerConfigFile(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}. */
    public static Path location(Map<String, String> env, Path home) {
        Path directory = Optional.ofNullable(env.get("DOCKER_CONFIG")).filter(value -> !value.isBlank())
                .map(Path::of).orElse(home.resolve(".docker"));
        return directory.resolve("config.json");
    }

    public Path path() {
        return file;
    }

    /**
     * Saves a login. The user name cannot hold {@code :}, which separates it from the password in {@code auth}.
     *
     * @throws InputException when the user name or password is unusable or the file is not a docker config
     */
    public void store(String registry, String username, String password) throws IOException {
        if (username.isEmpty() || username.contains(":")) {
            throw new InputException("the user name must be non-empty and cannot contain ':'");
        }
        if (password.isEmpty()) {
            throw new InputException("the password must not be empty");
        }
        ConfigKey key = ConfigKey.of(registry);
        DockerConfig config = DockerConfig.read(file);
        ObjectNode entry = config.auths().withObjectProperty(key.value());
        entry.remove(SECRET_FIELDS);
        Optional<String> helper = config.helperFor(key);
        if (helper.isPresent()) {
            new CredentialHelper(helper.get(), env).store(key.value(), username, password);
        } else {
            entry.put("auth", Base64.getEncoder().encodeToString((username + ":" + password).getBytes(UTF_8)));
        }
        write(config);
    }

    /**
     * Forgets a login: the helper's copy, and the {@code auths} entries under the registry's key and the keys older
     * docker versions wrote ({@code https://host}, {@code http://host}, {@code https://host/v1/}).
     *
     * @return whether there was anything to forget
     */
    public boolean erase(String registry) throws IOException {
        ConfigKey key = ConfigKey.of(registry);
        DockerConfig config = DockerConfig.read(file);
        Optional<String> helper = config.helperFor(key);
        boolean erased = helper.isPresent() && new CredentialHelper(helper.get(), env).erase(key.value());
        boolean changed = false;
        if (config.root().has("auths")) {
            for (String name : key.all()) {
                changed |= config.auths().remove(name) != null;
            }
        }
        if (changed) {
            write(config);
        }
        return erased || changed;
    }

    private void write(DockerConfig config) throws IOException {
        // a config.json that links elsewhere (dotfile managers do that) keeps its link, as docker keeps it
        Path target = Files.isSymbolicLink(file) ? file.toRealPath() : file.toAbsolutePath();
        Path directory = target.getParent();
        boolean posix = directory.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory, posix ? attributes("rwx------") : new FileAttribute<?>[0]);
        }
        Path temp = Files.createTempFile(directory, "." + target.getFileName() + ".", ".tmp",
                posix ? attributes("rw-------") : new FileAttribute<?>[0]);
        try {
            Files.write(temp, DockerConfig.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(config.root()));
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static FileAttribute<?>[] attributes(String permissions) {
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))};
    }
}
