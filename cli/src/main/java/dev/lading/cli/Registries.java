package dev.lading.cli;

import dev.lading.registry.RegistryClient;
import dev.lading.registry.TransferListener;

/** The registry client of one command, made on first use so that commands that need none never start it. */
final class Registries implements AutoCloseable {
    private final RegistryFlags flags;
    private final TransferListener listener;
    private RegistryClient client;

    Registries(RegistryFlags flags, TransferListener listener) {
        this.flags = flags;
        this.listener = listener;
    }

    synchronized RegistryClient client() {
        if (client == null) {
            client = flags.client(Credentials.fromEnvironment(), listener);
        }
        return client;
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
        }
    }

    /**
     * The registry host of a {@code login}/{@code logout} argument: {@code host[:port]}, also accepted with a
     * scheme or path as docker accepts it ({@code https://ghcr.io/v2/}); Docker Hub's names become docker.io.
     */
    static String host(String argument) {
        String host = argument.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "").replaceFirst("/.*$", "");
        if (host.isEmpty() || !host.matches("[A-Za-z0-9.-]+(:[0-9]+)?|\\[[0-9A-Fa-f:.]+\\](:[0-9]+)?")) {
            throw new dev.lading.core.InputException("'" + argument + "' is not a registry host such as ghcr.io or"
                    + " localhost:5000");
        }
        return switch (host) {
            case "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com" -> "docker.io";
            default -> host;
        };
    }
}
