package dev.lading.registry.auth;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lading.core.LadingException;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a docker credential helper, {@code docker-credential-<suffix>}, the way docker does: the action is the only
 * argument, the input goes to stdin, and the answer, or the error, comes back on stdout.
 */
final class CredentialHelper {
    private static final String NOT_FOUND = "credentials not found in native keychain";
    /** The user name with which a helper says that the secret is an identity token. */
    private static final String TOKEN_USER = "<token>";
    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");

    private final String name;
    private final Map<String, String> env;

    /** @param env the whole environment of the helper, whose {@code PATH} is also where the helper is looked for */
    CredentialHelper(String suffix, Map<String, String> env) {
        this.name = "docker-credential-" + suffix;
        this.env = Map.copyOf(env);
    }

    /** The helper's credential for {@code serverUrl}, or empty when it has none. */
    Optional<Credential> get(String serverUrl) {
        Result result = run("get", serverUrl);
        if (result.notFound()) {
            return Optional.empty();
        }
        if (result.exit() != 0) {
            throw failure("get", serverUrl, result, "");
        }
        JsonNode answer;
        try {
            answer = DockerConfig.JSON.readTree(result.output());
        } catch (JsonProcessingException e) {
            // the output would hold the secret if only a brace were missing, so it is not quoted
            throw new LadingException(name + " get " + serverUrl + " answered with something that is not JSON");
        }
        String user = answer.path("Username").asText("");
        String secret = answer.path("Secret").asText("");
        if (secret.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(user.equals(TOKEN_USER)
                ? new Credential(Credential.Kind.IDENTITY_TOKEN, "", secret)
                : Credential.password(user, secret));
    }

    void store(String serverUrl, String username, String secret) {
        ObjectNode input = DockerConfig.JSON.createObjectNode()
                .put("ServerURL", serverUrl).put("Username", username).put("Secret", secret);
        Result result = run("store", input.toString());
        if (result.exit() != 0) {
            throw failure("store", serverUrl, result, secret);
        }
    }

    /** Whether the helper held a credential for {@code serverUrl} and erased it. */
    boolean erase(String serverUrl) {
        Result result = run("erase", serverUrl);
        if (result.notFound()) {
            return false;
        }
        if (result.exit() != 0) {
            throw failure("erase", serverUrl, result, "");
        }
        return true;
    }

    private record Result(int exit, String output, String errors) {
        boolean notFound() {
            return exit != 0 && output.contains(NOT_FOUND);
        }
    }

    private Result run(String action, String input) {
        Path executable = executable();
        ProcessBuilder builder = new ProcessBuilder(executable.toString(), action);
        builder.environment().clear();
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(input.getBytes(UTF_8));
            } catch (IOException e) {
                // the helper quit without reading; its exit status and output say why
            }
            // answers and errors are a few hundred bytes, far below a pipe's buffer, so reading stdout to its end
            // before stderr cannot leave the helper blocked on a full stderr
            String output = new String(process.getInputStream().readAllBytes(), UTF_8).strip();
            String errors = new String(process.getErrorStream().readAllBytes(), UTF_8).strip();
            return new Result(process.waitFor(), output, errors);
        } catch (IOException e) {
            throw new LadingException("cannot run " + executable + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LadingException(name + " " + action + " was interrupted");
        }
    }

    /**
     * Looks the helper up on the given {@code PATH} rather than leaving it to {@link ProcessBuilder}, which
     * searches the JVM's own {@code PATH} whatever the child's environment says.
     */
    private Path executable() {
        String path = env.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("PATH"))
                .map(Map.Entry::getValue).findFirst().orElse("");
        List<String> extensions = WINDOWS ? List.of(".exe", ".cmd", ".bat", "") : List.of("");
        for (String directory : path.split(File.pathSeparator)) {
            for (String extension : extensions) {
                try {
                    Path candidate = Path.of(directory, name + extension);
                    if (!directory.isEmpty() && Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                        return candidate;
                    }
                } catch (InvalidPathException e) {
                    // a PATH entry that is no path cannot hold the helper
                }
            }
        }
        throw new LadingException(name + " is not on PATH; credsStore or credHelpers in the docker config names it");
    }

    private LadingException failure(String action, String serverUrl, Result result, String secret) {
        String said = result.output().isEmpty() ? result.errors() : result.output();
        if (!secret.isEmpty()) {
            // a helper may echo the input it could not use, and for store that input holds the secret
            said = said.replace(secret, "<secret>");
        }
        return new LadingException(name + " " + action + " " + serverUrl + " failed (exit " + result.exit() + ")"
                + (said.isEmpty() ? "" : ": " + said));
    }
}
