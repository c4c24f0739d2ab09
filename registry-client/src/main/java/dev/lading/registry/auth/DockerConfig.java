package dev.lading.registry.auth;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lading.core.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One docker config.json (or podman auth.json) as a JSON tree, so a rewrite keeps every field lading does not
 * know. Only the parts lading reads are checked: {@code auths}, {@code credHelpers} and {@code credsStore}.
 */
final class DockerConfig {
    static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final ObjectNode root;

    private DockerConfig(Path file, ObjectNode root) {
        this.file = file;
        this.root = root;
    }

    /** Reads {@code file}; a missing or empty file is an empty config, as docker treats it. */
    static DockerConfig read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return new DockerConfig(file, JSON.createObjectNode());
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            // Jackson's message quotes the text around the error, which may be a secret: give the place only.
            JsonLocation at = e.getLocation();
            int line = at == null ? 0 : at.getLineNr();
            String column = at == null || at.getColumnNr() <= 0 ? "" : " (column " + at.getColumnNr() + ")";
            throw new InputException(file, null, Math.max(line, 0), "not valid JSON" + column);
        }
        if (root == null || root.isMissingNode()) {
            return new DockerConfig(file, JSON.createObjectNode());
        }
        if (!(root instanceof ObjectNode object)) {
            throw new InputException(file, null, 0, "must hold a JSON object");
        }
        DockerConfig config = new DockerConfig(file, object);
        config.check();
        return config;
    }

    Path file() {
        return file;
    }

    ObjectNode root() {
        return root;
    }

    /** The helper suffix ({@code desktop} for {@code docker-credential-desktop}) that holds this registry's secret. */
    Optional<String> helperFor(ConfigKey key) {
        JsonNode helpers = root.path("credHelpers");
        for (String name : key.all()) {
            if (helpers.hasNonNull(name)) {
                return Optional.of(helpers.get(name).asText());
            }
        }
        return Optional.ofNullable(root.get("credsStore")).map(JsonNode::asText).filter(store -> !store.isBlank());
    }

    /** The {@code auths} entry for the registry under the first of its {@link ConfigKey#all()} present. */
    Optional<ObjectNode> authEntry(ConfigKey key) {
        JsonNode auths = root.path("auths");
        return key.all().stream().filter(auths::has).findFirst().map(name -> (ObjectNode) auths.get(name));
    }

    /** The {@code auths} object, added when the file has none. */
    ObjectNode auths() {
        return root.has("auths") ? (ObjectNode) root.get("auths") : root.putObject("auths");
    }

    private void check() {
        JsonNode auths = root.get("auths");
        if (auths != null) {
            requireObject(auths, "auths");
            auths.properties().forEach(entry -> requireObject(entry.getValue(), "auths." + entry.getKey()));
        }
        JsonNode helpers = root.get("credHelpers");
        if (helpers != null) {
            requireObject(helpers, "credHelpers");
            helpers.properties().forEach(entry -> requireText(entry.getValue(), "credHelpers." + entry.getKey()));
        }
        JsonNode store = root.get("credsStore");
        if (store != null) {
            requireText(store, "credsStore");
        }
    }

    private void requireObject(JsonNode node, String field) {
        if (!node.isObject()) {
            throw new InputException(file, field, 0, "must be a JSON object");
        }
    }

    private void requireText(JsonNode node, String field) {
        if (!node.isTextual()) {
            throw new InputException(file, field, 0, "must be a string");
        }
    }
}
