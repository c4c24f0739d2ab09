package dev.lading.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lading.core.InputException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayoutReferenceTest {
    @TempDir
    Path dir;

    @Test
    void splitsAtTheLastColonLikeSkopeo() {
        assertEquals(new LayoutReference(Path.of("out/hk"), Optional.of("latest")), LayoutReference.parse("oci:out/hk:latest"));
        assertEquals(new LayoutReference(Path.of("out/hk"), Optional.empty()), LayoutReference.parse("oci:out/hk"));
        assertEquals(new LayoutReference(Path.of("a:b/c"), Optional.empty()), LayoutReference.parse("oci:a:b/c"));
    }

    @Test
    void anExistingLayoutOnTheLeftTakesNamesWithColonsAndSlashes() throws IOException {
        Path store = dir.resolve("store");
        OciLayout.openOrCreate(store);
        LayoutReference reference = LayoutReference.parse("oci:" + store + ":localhost:5000/cats/hk:v1");
        assertEquals(store, reference.directory());
        assertEquals(Optional.of("localhost:5000/cats/hk:v1"), reference.tag());
    }

    @Test
    void malformedReferencesAreRefused() {
        assertThrows(InputException.class, () -> LayoutReference.parse("oci:"));
        assertThrows(InputException.class, () -> LayoutReference.parse("docker://x"));
    }
}
