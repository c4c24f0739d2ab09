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
}
