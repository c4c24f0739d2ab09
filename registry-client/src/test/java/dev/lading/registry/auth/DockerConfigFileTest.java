package dev.lading.registry.auth;

import static dev.lading.registry.auth.AuthFixture.SECRET;
import static dev.lading.registry.auth.AuthFixture.base64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lading.core.InputException;
import dev.lading.core.LadingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class DockerConfigFileTest {
    private final AuthFixture fixture;

    DockerConfigFileTest(@TempDir Path temp) {
        this.fixture = new AuthFixture(temp);
    }

    private JsonNode config() throws IOException {
        return DockerConfig.JSON.readTree(fixture.dockerConfig().toFile());
    }

    private String permissions(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void storeCreatesAnOwnerOnlyFileThatIsReadBack() throws IOException {
        fixture.configFile().store("ghcr.io", "octocat", SECRET);

        assertEquals(base64("octocat:" + SECRET), config().path("auths").path("ghcr.io").path("auth").asText());
        assertEquals("rw-------", permissions(fixture.dockerConfig()));
        assertEquals("rwx------", permissions(fixture.dockerConfig().getParent()));
        assertEquals(Optional.of(Credential.password("octocat", SECRET)), fixture.credentials().find("ghcr.io"));
        try (var files = Files.list(fixture.dockerConfig().getParent())) {
            assertEquals(List.of(fixture.dockerConfig()), files.toList(), "no temporary file is left");
        }
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void storeKeepsEveryOtherFieldAndDropsTheOldSecrets() throws IOException {
        fixture.write(fixture.dockerConfig(), """
                {"psFormat": "table {{.ID}}", "HttpHeaders": {"X-Meta": "1"}, "currentContext": "colima",
                 "auths": {"quay.io": {"auth": "%s"},
                           "ghcr.io": {"email": "me@example.com", "identitytoken": "old-token", "username": "old"}}}
                """.formatted(base64("q:1")));
        Files.setPosixFilePermissions(fixture.dockerConfig(), PosixFilePermissions.fromString("rw-r--r--"));

        fixture.configFile().store("ghcr.io", "octocat", SECRET);

        JsonNode config = config();
        assertEquals("table {{.ID}}", config.path("psFormat").asText());
        assertEquals("1", config.path("HttpHeaders").path("X-Meta").asText());
        assertEquals("colima", config.path("currentContext").asText());
        assertEquals(base64("q:1"), config.path("auths").path("quay.io").path("auth").asText());
        JsonNode entry = config.path("auths").path("ghcr.io");
        assertEquals("me@example.com", entry.path("email").asText());
        assertFalse(entry.has("identitytoken") || entry.has("username"), entry.toString());
        assertEquals(Optional.of(Credential.password("octocat", SECRET)), fixture.credentials().find("ghcr.io"));
        assertEquals("rw-------", permissions(fixture.dockerConfig()));
    }

    @Test
    void dockerHubIsStoredUnderItsIndexKey() throws IOException {
        fixture.configFile().store("registry-1.docker.io", "hubuser", SECRET);

        assertEquals(List.of(ConfigKey.DOCKER_HUB_KEY), names(config().path("auths")));
        assertEquals(Optional.of(Credential.password("hubuser", SECRET)), fixture.credentials().find("docker.io"));
    }

    private static List<String> names(JsonNode object) {
        return object.properties().stream().map(Map.Entry::getKey).toList();
    }

    @Test
    void eraseRemovesOlderKeysTooAndKeepsTheRest() throws IOException {
        String auth = "{\"auth\": \"" + base64("u:p") + "\"}";
        fixture.write(fixture.dockerConfig(), "{\"auths\": {\"ghcr.io\": " + auth + ", \"https://ghcr.io\": " + auth
                + ", \"http://ghcr.io\": " + auth + ", \"https://ghcr.io/v1/\": " + auth + ", \"quay.io\": " + auth
                + "}, \"detachKeys\": \"ctrl-e,e\"}");

        assertTrue(fixture.configFile().erase("ghcr.io"));

        JsonNode config = config();
        assertEquals(List.of("quay.io"), names(config.path("auths")));
        assertEquals("ctrl-e,e", config.path("detachKeys").asText());
        assertEquals(Optional.empty(), fixture.credentials().find("ghcr.io"));
        assertFalse(fixture.configFile().erase("ghcr.io"), "nothing left to erase");
    }

    @Test
    void eraseWithoutAFileCreatesNone() throws IOException {
        assertFalse(fixture.configFile().erase("ghcr.io"));

        assertFalse(Files.exists(fixture.dockerConfig()));
    }

    @Test
    void fileThatIsNotJsonIsLeftAlone() throws IOException {
        String broken = "{\"auths\": {\"quay.io\": {\"auth\": " + SECRET;
        fixture.write(fixture.dockerConfig(), broken);

        InputException e = assertThrows(InputException.class, () -> fixture.configFile().store("ghcr.io", "u", "p"));

        assertEquals(Optional.of(fixture.dockerConfig()), e.file());
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        assertEquals(broken, Files.readString(fixture.dockerConfig()));
    }

    @Test
    void unusableUserNamesAndPasswordsAreRefused() {
        DockerConfigFile file = fixture.configFile();

        assertThrows(InputException.class, () -> file.store("ghcr.io", "a:b", "p"));
        assertThrows(InputException.class, () -> file.store("ghcr.io", "", "p"));
        InputException e = assertThrows(InputException.class, () -> file.store("ghcr.io", "u", ""));
        assertTrue(e.getMessage().contains("password"), e.getMessage());
        assertFalse(Files.exists(fixture.dockerConfig()));
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void linkedConfigStaysALink() throws IOException {
        Path real = fixture.write(fixture.root.resolve("dotfiles/docker.json"), "{\"psFormat\": \"x\"}");
        Files.createDirectories(fixture.dockerConfig().getParent());
        Files.createSymbolicLink(fixture.dockerConfig(), real);

        fixture.configFile().store("ghcr.io", "octocat", SECRET);

        assertTrue(Files.isSymbolicLink(fixture.dockerConfig()));
        assertTrue(Files.readString(real).contains(base64("octocat:" + SECRET)));
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void credHelperKeepsTheSecretAndTheFileAnEmptyEntry() throws IOException {
        fixture.withHelper().write(fixture.dockerConfig(), "{\"credHelpers\": {\"ghcr.io\": \"fake\"}}");
        DockerConfigFile file = fixture.configFile();

        file.store("ghcr.io", "octocat", SECRET);

        String text = Files.readString(fixture.dockerConfig());
        assertFalse(text.contains(SECRET) || text.contains(base64("octocat:" + SECRET)), text);
        assertEquals("{}", config().path("auths").path("ghcr.io").toString());
        assertEquals(Optional.of(Credential.password("octocat", SECRET)), fixture.credentials().find("ghcr.io"));

        assertTrue(file.erase("ghcr.io"));
        assertEquals(Optional.empty(), fixture.credentials().find("ghcr.io"));
        assertEquals(List.of("store ghcr.io", "get ghcr.io", "erase ghcr.io", "get ghcr.io"), fixture.helperCalls());
        assertFalse(config().path("auths").has("ghcr.io"));
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void credsStoreRoundTripsDockerHub() throws IOException {
        fixture.withHelper().write(fixture.dockerConfig(), "{\"credsStore\": \"fake\"}");

        fixture.configFile().store("docker.io", "hubuser", SECRET);

        assertEquals(Optional.of(Credential.password("hubuser", SECRET)),
                fixture.credentials().find("index.docker.io"));
        assertEquals(List.of("store " + ConfigKey.DOCKER_HUB_KEY, "get " + ConfigKey.DOCKER_HUB_KEY),
                fixture.helperCalls());
        assertTrue(config().path("auths").has(ConfigKey.DOCKER_HUB_KEY));
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void helperFailureShowsItsMessageButNeverTheSecret() throws IOException {
        fixture.withHelper().write(fixture.dockerConfig(), "{\"credsStore\": \"fake\"}");
        fixture.env.put("FAKE_HELPER_ERROR", "cannot keep " + SECRET + " today");

        LadingException e = assertThrows(LadingException.class,
                () -> fixture.configFile().store("ghcr.io", "octocat", SECRET));

        assertTrue(e.getMessage().contains("docker-credential-fake store ghcr.io"), e.getMessage());
        assertTrue(e.getMessage().contains("cannot keep <secret> today"), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        assertEquals("{\"credsStore\": \"fake\"}", Files.readString(fixture.dockerConfig()), "the file is unchanged");
    }
}
