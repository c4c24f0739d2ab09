package dev.lading.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lading.core.InputException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Names printed and parsed again are the same value, for random valid names: what lading writes (progress, metadata,
 * signatures) names what it read.
 */
class NameRoundTripTest {
    private static final String LOWER = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final String TAG_FIRST = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_";
    private static final List<String> SEPARATORS = List.of(".", "_", "__", "-", "--");
    private static final List<String> FIXED_HOSTS = List.of("docker.io", "localhost", "localhost:5000", "[::1]:5000",
            "127.0.0.1:41234", "Index.Docker.IO", "registry-1.docker.io", "registry.hub.docker.com", "GHCR.io");

    @RepeatedTest(300)
    void repositoryNamesSurviveTheirText(RepetitionInfo repetition) {
        Random random = new Random(repetition.getCurrentRepetition());
        RepositoryName name = new RepositoryName(host(random), path(random));
        assertEquals(name, RepositoryName.parse(name.toString()), name.toString());
        assertEquals(name.registry(), RepositoryName.host(name.registry()), "a normalized host stays as it is");
    }

    @RepeatedTest(300)
    void referencesSurviveTheirText(RepetitionInfo repetition) {
        Random random = new Random(-repetition.getCurrentRepetition());
        RepositoryName name = new RepositoryName(host(random), path(random));
        Digest digest = Digest.sha256(new byte[] {(byte) random.nextInt()});
        Reference reference = switch (random.nextInt(3)) {
            case 0 -> name.withTag(tag(random));
            case 1 -> name.withDigest(digest);
            default -> new Reference(name, tag(random), digest);
        };
        Reference parsed = Reference.parse(reference.toString());
        assertEquals(reference, parsed, reference.toString());
        assertEquals(reference.toString(), parsed.toString());
        assertEquals(reference.digest() != null ? digest.toString() : reference.tag(), parsed.tagOrDigest());
    }

    @ParameterizedTest
    @CsvSource({
        "alpine, docker.io/library/alpine",
        "library/alpine, docker.io/library/alpine",
        "docker.io/alpine, docker.io/library/alpine",
        "docker.io/library/alpine, docker.io/library/alpine",
        "user/app, docker.io/user/app",
        "index.docker.io/alpine, docker.io/library/alpine",
        "registry-1.docker.io/user/app, docker.io/user/app",
        "registry.hub.docker.com/alpine, docker.io/library/alpine",
        "Docker.IO/alpine, docker.io/library/alpine",
        "GHCR.io/org/app, ghcr.io/org/app",
        "localhost/app, localhost/app",
        "LocalHost:5000/app, localhost:5000/app",
        "[::1]:5000/app, [::1]:5000/app",
        "myhost/app, docker.io/myhost/app"})
    void namesNormalizeAsDockerDoes(String text, String normalized) {
        assertEquals(normalized, RepositoryName.parse(text).toString());
        assertEquals(normalized + ":latest", Reference.parse(text).toString(), "no tag means latest");
        assertEquals(RepositoryName.parse(text), Reference.parse(text + ":v1").name());
    }

    @ParameterizedTest
    @CsvSource({
        "ghcr.io, ghcr.io",
        "GHCR.IO, ghcr.io",
        "https://ghcr.io/v2/, ghcr.io",
        "http://localhost:5000, localhost:5000",
        "' docker.io ', docker.io",
        "index.docker.io, docker.io",
        "https://index.docker.io/v1/, docker.io",
        "registry-1.docker.io, docker.io",
        "registry.hub.docker.com, docker.io"})
    void hostsNormalizeToOneSpelling(String argument, String host) {
        assertEquals(host, RepositoryName.host(argument));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "https://", "host name", "ghcr.io:port", "/ghcr.io"})
    void nonHostsAreRefused(String argument) {
        assertThrows(InputException.class, () -> RepositoryName.host(argument));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "localhost:5000/", "ghcr.io/", ":tag", "@sha256:" + "0123456789abcdef0123456789abcdef"
            + "0123456789abcdef0123456789abcdef"})
    void referencesWithoutRepositoryAreRefused(String text) {
        InputException e = assertThrows(InputException.class, () -> Reference.parse(text));
        assertEquals("malformed image reference '" + text + "': no repository", e.getMessage());
    }

    /** A host docker reads as one: with a dot or a port, {@code localhost}, or an IPv6 literal. */
    private static String host(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> FIXED_HOSTS.get(random.nextInt(FIXED_HOSTS.size()));
            case 1 -> {
                StringBuilder host = new StringBuilder(label(random));
                for (int i = random.nextInt(3); i >= 0; i--) {
                    host.append('.').append(label(random));
                }
                yield random.nextBoolean() ? host.toString().toUpperCase() : host.toString();
            }
            default -> label(random) + ":" + (1 + random.nextInt(65535));
        };
    }

    private static String label(Random random) {
        String label = word(random, LOWER, 1 + random.nextInt(8));
        return random.nextBoolean() ? label : label + "-" + word(random, LOWER, 1 + random.nextInt(4));
    }

    private static String path(Random random) {
        StringBuilder path = new StringBuilder();
        for (int component = random.nextInt(4); component >= 0; component--) {
            path.append(path.isEmpty() ? "" : "/").append(word(random, LOWER, 1 + random.nextInt(6)));
            if (random.nextInt(3) == 0) {
                path.append(SEPARATORS.get(random.nextInt(SEPARATORS.size())))
                        .append(word(random, LOWER, 1 + random.nextInt(6)));
            }
        }
        return path.toString();
    }

    private static String tag(Random random) {
        return word(random, TAG_FIRST, 1) + word(random, TAG_FIRST + ".-", random.nextInt(20));
    }

    private static String word(Random random, String alphabet, int length) {
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < length; i++) {
            word.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return word.toString();
    }
}
