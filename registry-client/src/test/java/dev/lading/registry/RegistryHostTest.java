package dev.lading.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegistryHostTest {
    @ParameterizedTest(name = "{0} is loopback: {1}")
    @CsvSource({
        "localhost, true",
        "localhost:5000, true",
        "127.0.0.1, true",
        "127.0.0.1:5000, true",
        "127.45.6.7:80, true",
        "[::1], true",
        "[::1]:5000, true",
        "registry.example.com, false",
        "registry.example.com:5000, false",
        "localhost.example.com, false",
        "127.0.0.1.nip.io, false",
        "10.0.0.1:5000, false",
        "0.0.0.0:5000, false",
        "[2001:db8::1]:5000, false",
    })
    void loopbackRegistriesAreRecognisedWithOrWithoutPort(String registry, boolean loopback) {
        assertEquals(loopback, RegistryHost.isLoopback(registry));
    }
}
