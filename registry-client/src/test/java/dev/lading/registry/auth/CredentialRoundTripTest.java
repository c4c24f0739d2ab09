package dev.lading.registry.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Whatever a user logs in with is what a later build finds, through the file and through a helper. */
class CredentialRoundTripTest {
    private static final long SEED = 20240611L;
    /** Characters JSON, base64 and the shell helper could each get wrong, plus a character outside the BMP. */
    private static final String[] PASSWORD_CHARS = {"a", "Z", "0", ":", " ", "\"", "\\", "/", "'", "$", "é", "日", "😀", "\t"};
    private static final String[] USER_CHARS = {"a", "Z", "0", "_", ".", "-", "@", "é", "日", "😀"};

    @TempDir
    Path temp;

    private static String random(Random random, String[] chars, int minLength) {
        StringBuilder text = new StringBuilder();
        for (int i = minLength + random.nextInt(12); i > 0; i--) {
            text.append(chars[random.nextInt(chars.length)]);
        }
        return text.toString();
    }

    private void roundTrip(int tries, String config, boolean withHelper) throws IOException {
        Random random = new Random(SEED);
        for (int i = 0; i < tries; i++) {
            AuthFixture fixture = new AuthFixture(temp.resolve("try-" + i));
            if (withHelper) {
                fixture.withHelper();
            }
            fixture.write(fixture.dockerConfig(), config);
            String user = random(random, USER_CHARS, 1);
            String password = random(random, PASSWORD_CHARS, 1);

            fixture.configFile().store("registry.example:5000", user, password);

            assertEquals(Optional.of(Credential.password(user, password)),
                    fixture.credentials().find("registry.example:5000"), "user " + user + ", try " + i);
        }
    }

    @Test
    void throughTheFile() throws IOException {
        roundTrip(100, "{}", false);
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void throughAHelper() throws IOException {
        roundTrip(15, "{\"credsStore\": \"fake\"}", true);
    }
}
