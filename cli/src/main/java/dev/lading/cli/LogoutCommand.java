package dev.lading.cli;

import dev.lading.core.model.RepositoryName;
import dev.lading.registry.auth.DockerConfigFile;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "logout", description = "Remove a registry's credentials from docker's config.json.")
final class LogoutCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "REGISTRY", description = "host[:port]")
    String registry;

    @Override
    public Integer call() throws IOException {
        String host = RepositoryName.host(registry);
        boolean removed = DockerConfigFile.fromEnvironment().erase(host);
        spec.commandLine().getOut().println(removed ? "Removing login credentials for " + host
                : "Not logged in to " + host);
        return 0;
    }
}
