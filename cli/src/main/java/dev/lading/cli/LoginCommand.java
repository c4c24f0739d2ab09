package dev.lading.cli;

import dev.lading.core.InputException;
import dev.lading.core.model.RepositoryName;
import dev.lading.registry.RegistryClient;
import dev.lading.registry.TransferListener;
import dev.lading.registry.auth.Credential;
import dev.lading.registry.auth.DockerConfigFile;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "login", description = "Check credentials against a registry and store them in docker's config.json,"
        + " shared with docker, buildx, crane and skopeo.")
final class LoginCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "REGISTRY", description = "host[:port], e.g. ghcr.io or localhost:5000")
    String registry;

    @Option(names = {"-u", "--username"}, paramLabel = "USER", description = "User name (prompted on a terminal)")
    String username;

    @Option(names = "--password-stdin", description = "Read the password or token from standard input")
    boolean passwordStdin;

    /** Refused without echoing the value: a password in arguments ends up in shell history and in ps. */
    @Option(names = {"-p", "--password"}, hidden = true, paramLabel = "PASSWORD")
    void passwordArgument(String ignored) {
        throw new ParameterException(spec.commandLine(), "a password on the command line is refused: it would stay"
                + " in the shell's history and the process list; use --password-stdin");
    }

    @Mixin
    RegistryFlags registryFlags;

    @Override
    public Integer call() throws IOException {
        String host = RepositoryName.host(registry);
        Console console = System.console();
        if (username == null || username.isEmpty()) {
            if (console == null) {
                throw new InputException("login needs -u USER when standard input is not a terminal");
            }
            username = console.readLine("Username: ");
        }
        String password;
        if (passwordStdin) {
            password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        } else if (console != null) {
            char[] typed = console.readPassword("Password: ");
            password = typed == null ? null : new String(typed);
        } else {
            throw new InputException("login needs --password-stdin when standard input is not a terminal");
        }
        if (password == null || password.isEmpty() || username == null || username.isEmpty()) {
            throw new InputException("login needs a user name and a password");
        }
        Credential credential = Credential.password(username, password);
        try (RegistryClient client = registryFlags.client(r -> java.util.Optional.empty(), TransferListener.NONE)) {
            client.checkLogin(host, credential);
        }
        DockerConfigFile.fromEnvironment().store(host, username, password);
        spec.commandLine().getOut().println("Login Succeeded");
        return 0;
    }
}
