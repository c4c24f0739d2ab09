package dev.lading.registry.auth;

import static dev.lading.registry.auth.AuthFixture.SECRET;
import static dev.lading.registry.auth.AuthFixture.base64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.InputException;
import dev.lading.core.LadingException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class DockerCredentialsTest {
    private final AuthFixture fixture;

    DockerCredentialsTest(@TempDir Path temp) {
        this.fixture = new AuthFixture(temp);
    }

    private Optional<Credential> find(String registry) {
        return fixture.credentials().find(registry);
    }

    private void dockerConfig(String json) throws IOException {
        fixture.write(fixture.dockerConfig(), json);
    }

    @Test
    void authIsSplitAtTheFirstColon() throws IOException {
        dockerConfig("{\"auths\": {\"ghcr.io\": {\"auth\": \"" + base64("octocat:pa:ss:") + "\"}}}");

        assertEquals(Optional.of(Credential.password("octocat", "pa:ss:")), find("ghcr.io"));
    }

    @Test
    void usernameAndPasswordFieldsAreRead() throws IOException {
        dockerConfig("{\"auths\": {\"quay.io\": {\"username\": \"robot\", \"password\": \"" + SECRET + "\"}}}");

        assertEquals(Optional.of(Credential.password("robot", SECRET)), find("quay.io"));
    }

    @Test
    void identityTokenWinsOverTheEmptyPasswordDockerWritesBesideIt() throws IOException {
        dockerConfig("{\"auths\": {\"registry.example\": {\"auth\": \"" + base64("someone:")
                + "\", \"identitytoken\": \"refresh-me\"}}}");

        assertEquals(Optional.of(new Credential(Credential.Kind.IDENTITY_TOKEN, "", "refresh-me")),
                find("registry.example"));
    }

    @Test
    void azureStyleIdentityTokenIsAnIdentityToken() throws IOException {
        dockerConfig("{\"auths\": {\"me.azurecr.io\": {\"auth\": \""
                + base64("00000000-0000-0000-0000-000000000000:") + "\", \"identitytoken\": \"aad-token\"}}}");

        assertEquals(Optional.of(new Credential(Credential.Kind.IDENTITY_TOKEN, "", "aad-token")),
                find("me.azurecr.io"));
    }

    @Test
    void tokensWithoutAuthAreRead() throws IOException {
        dockerConfig("""
                {"auths": {"a.example": {"identitytoken": "id-token"},
                           "b.example": {"registrytoken": "bearer-token"}}}""");

        assertEquals(Optional.of(new Credential(Credential.Kind.IDENTITY_TOKEN, "", "id-token")), find("a.example"));
        assertEquals(Optional.of(new Credential(Credential.Kind.REGISTRY_TOKEN, "", "bearer-token")),
                find("b.example"));
    }

    @Test
    void dockerHubKeyServesEveryNameOfDockerHub() throws IOException {
        dockerConfig("{\"auths\": {\"https://index.docker.io/v1/\": {\"auth\": \"" + base64("hubuser:" + SECRET)
                + "\"}}}");

        for (String name : List.of("docker.io", "index.docker.io", "registry-1.docker.io", "https://index.docker.io/v1/")) {
            assertEquals(Optional.of(Credential.password("hubuser", SECRET)), find(name), name);
        }
        assertEquals(Optional.empty(), find("ghcr.io"));
    }

    @Test
    void olderKeysWithSchemeAndPortsAreFound() throws IOException {
        dockerConfig("{\"auths\": {\"https://ghcr.io\": {\"auth\": \"" + base64("a:1") + "\"},"
                + " \"localhost:5000\": {\"auth\": \"" + base64("b:2") + "\"}}}");

        assertEquals(Optional.of(Credential.password("a", "1")), find("ghcr.io"));
        assertEquals(Optional.of(Credential.password("b", "2")), find("localhost:5000"));
        assertEquals(Optional.empty(), find("localhost:5001"));
    }

    @Test
    void noFilesMeansAnonymous() {
        assertEquals(Optional.empty(), find("ghcr.io"));
    }

    @Test
    void dockerConfigVariableMovesTheFile() throws IOException {
        dockerConfig("{\"auths\": {\"ghcr.io\": {\"auth\": \"" + base64("home:1") + "\"}}}");
        Path elsewhere = fixture.root.resolve("elsewhere");
        fixture.write(elsewhere.resolve("config.json"), "{\"auths\": {\"ghcr.io\": {\"auth\": \"" + base64("env:2") + "\"}}}");
        fixture.env.put("DOCKER_CONFIG", elsewhere.toString());

        assertEquals(Optional.of(Credential.password("env", "2")), find("ghcr.io"));
    }

    @Test
    void podmanAuthFileFromRegistryAuthFile() throws IOException {
        Path auth = fixture.write(fixture.root.resolve("podman.json"), "{\"auths\": {\"quay.io\": {\"auth\": \""
                + base64("podman:" + SECRET) + "\"}}}");
        fixture.env.put("REGISTRY_AUTH_FILE", auth.toString());

        assertEquals(Optional.of(Credential.password("podman", SECRET)), find("quay.io"));
    }

    @Test
    void podmanRuntimeFileThenConfigFile() throws IOException {
        Path runtime = fixture.root.resolve("run");
        fixture.env.put("XDG_RUNTIME_DIR", runtime.toString());
        fixture.write(fixture.home.resolve(".config/containers/auth.json"),
                "{\"auths\": {\"quay.io\": {\"auth\": \"" + base64("config:1") + "\"}}}");
        assertEquals(Optional.of(Credential.password("config", "1")), find("quay.io"));

        fixture.write(runtime.resolve("containers/auth.json"),
                "{\"auths\": {\"quay.io\": {\"auth\": \"" + base64("runtime:2") + "\"}}}");
        assertEquals(Optional.of(Credential.password("runtime", "2")), find("quay.io"));
    }

    @Test
    void dockerConfigComesBeforePodman() throws IOException {
        dockerConfig("{\"auths\": {\"quay.io\": {\"auth\": \"" + base64("docker:1") + "\"}}}");
        Path auth = fixture.write(fixture.root.resolve("podman.json"), "{\"auths\": {\"quay.io\": {\"auth\": \""
                + base64("podman:2") + "\"}, \"ghcr.io\": {\"auth\": \"" + base64("podman:3") + "\"}}}");
        fixture.env.put("REGISTRY_AUTH_FILE", auth.toString());

        assertEquals(Optional.of(Credential.password("docker", "1")), find("quay.io"));
        assertEquals(Optional.of(Credential.password("podman", "3")), find("ghcr.io"), "the next file fills gaps");
    }

    @Test
    void configThatIsNotJsonNamesTheFileButNotItsContent() throws IOException {
        dockerConfig("{\"auths\": {\"ghcr.io\": {\"auth\": " + SECRET + "}}}");

        InputException e = assertThrows(InputException.class, () -> find("ghcr.io"));

        assertEquals(Optional.of(fixture.dockerConfig()), e.file());
        assertEquals(1, e.line());
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
    }

    @Test
    void authThatIsNotBase64OfUserColonPasswordIsAClearError() throws IOException {
        for (String auth : List.of(base64(SECRET), SECRET + "!")) {
            dockerConfig("{\"auths\": {\"ghcr.io\": {\"auth\": \"" + auth + "\"}}}");

            InputException e = assertThrows(InputException.class, () -> find("ghcr.io"));

            assertEquals(Optional.of("auths"), e.field());
            assertTrue(e.getMessage().contains("ghcr.io"), e.getMessage());
            assertFalse(e.getMessage().contains(SECRET) || e.getMessage().contains(auth), e.getMessage());
        }
    }

    @Test
    void wrongShapesAreNamedByField() throws IOException {
        dockerConfig("{\"auths\": {\"ghcr.io\": \"" + base64("a:b") + "\"}}");
        assertEquals(Optional.of("auths.ghcr.io"), assertThrows(InputException.class, () -> find("ghcr.io")).field());

        dockerConfig("{\"credHelpers\": {\"ghcr.io\": 7}}");
        assertEquals(Optional.of("credHelpers.ghcr.io"),
                assertThrows(InputException.class, () -> find("ghcr.io")).field());

        dockerConfig("[]");
        assertThrows(InputException.class, () -> find("ghcr.io"));
    }

    @Test
    void emptyConfigFileIsAnEmptyConfig() throws IOException {
        dockerConfig("");

        assertEquals(Optional.empty(), find("ghcr.io"));
    }

    @Test
    void foundCredentialDoesNotShowItsSecret() throws IOException {
        dockerConfig("{\"auths\": {\"ghcr.io\": {\"auth\": \"" + base64("octocat:" + SECRET) + "\"}}}");

        Credential found = find("ghcr.io").orElseThrow();

        assertEquals(SECRET, found.secret());
        assertFalse(found.toString().contains(SECRET), found.toString());
        assertTrue(found.toString().contains("octocat"), found.toString());
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void credHelperAnswersForItsRegistryOnly() throws IOException {
        fixture.withHelper().helper().store("ghcr.io", "helped", SECRET);
        dockerConfig("{\"credHelpers\": {\"ghcr.io\": \"fake\"}, \"auths\": {\"quay.io\": {\"auth\": \""
                + base64("plain:1") + "\"}}}");

        assertEquals(Optional.of(Credential.password("helped", SECRET)), find("ghcr.io"));
        assertEquals(Optional.of(Credential.password("plain", "1")), find("quay.io"));
        assertEquals(List.of("store ghcr.io", "get ghcr.io"), fixture.helperCalls());
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void credsStoreIsAskedWithDockerHubsKey() throws IOException {
        fixture.withHelper().helper().store(ConfigKey.DOCKER_HUB_KEY, "hubuser", SECRET);
        dockerConfig("{\"credsStore\": \"fake\", \"auths\": {\"https://index.docker.io/v1/\": {}}}");

        assertEquals(Optional.of(Credential.password("hubuser", SECRET)), find("docker.io"));
        assertEquals("get https://index.docker.io/v1/", fixture.helperCalls().get(1));
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void helperWithoutTheCredentialMeansAnonymous() throws IOException {
        fixture.withHelper();
        dockerConfig("{\"credsStore\": \"fake\", \"auths\": {\"ghcr.io\": {}}}");

        assertEquals(Optional.empty(), find("ghcr.io"));
        assertEquals(List.of("get ghcr.io"), fixture.helperCalls());
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void helperTokenUserMeansIdentityToken() throws IOException {
        fixture.withHelper().helper().store("ghcr.io", "<token>", "refresh-me");
        dockerConfig("{\"credsStore\": \"fake\"}");

        assertEquals(Optional.of(new Credential(Credential.Kind.IDENTITY_TOKEN, "", "refresh-me")), find("ghcr.io"));
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void helperFailureCarriesItsMessage() throws IOException {
        fixture.withHelper().env.put("FAKE_HELPER_ERROR", "keychain is locked");
        dockerConfig("{\"credsStore\": \"fake\"}");

        LadingException e = assertThrows(LadingException.class, () -> find("ghcr.io"));

        assertTrue(e.getMessage().contains("docker-credential-fake get ghcr.io"), e.getMessage());
        assertTrue(e.getMessage().endsWith("keychain is locked"), e.getMessage());
    }

    @Test
    void helperMissingFromPathIsNamed() throws IOException {
        fixture.env.put("PATH", fixture.root.toString());
        dockerConfig("{\"credHelpers\": {\"ghcr.io\": \"absent\"}}");

        LadingException e = assertThrows(LadingException.class, () -> find("ghcr.io"));

        assertTrue(e.getMessage().startsWith("docker-credential-absent is not on PATH"), e.getMessage());
    }
}
