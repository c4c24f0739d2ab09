package dev.lading.registry;

import dev.lading.core.model.Reference;
import dev.lading.registry.auth.Credential;
import java.io.IOException;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fake registry and a fast-retrying client for it, both new for each test and closed after it. */
abstract class FakeRegistryTest {
    final RecordingListener listener = new RecordingListener();
    FakeRegistry registry;
    RegistryClient client;

    @BeforeEach
    void startRegistry() throws IOException {
        registry = FakeRegistry.start();
        client = FakeRegistry.client(registryName -> Optional.empty(), listener);
    }

    @AfterEach
    void stopRegistry() throws IOException {
        client.close();
        registry.close();
    }

    /** Replaces the client by one that offers {@code credential} (none when null) to every registry. */
    RegistryClient clientWith(Credential credential) {
        client.close();
        client = FakeRegistry.client(registryName -> Optional.ofNullable(credential), listener);
        return client;
    }

    /** A handle for pulling from {@code repository} of the fake registry. */
    Repository pull(String repository) {
        return client.pull(Reference.parse(registry.registry() + "/" + repository + ":latest"));
    }
}
