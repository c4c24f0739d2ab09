package dev.lading.toolchain.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DebPathsTest {
    private static final String[] PARTS = {"usr", "lib", "x", "..", ".", "", "a b", "libz.so.1"};

    @Test
    void entryNamesNormaliseAndDotDotIsRefused() {
        assertEquals(List.of("usr", "lib"), DebPaths.entryComponents("./usr/lib/"));
        assertEquals(List.of("usr", "lib"), DebPaths.entryComponents("/usr//./lib"));
        assertEquals(List.of(), DebPaths.entryComponents("./"));
        assertNull(DebPaths.entryComponents("./usr/../../etc/passwd"));
        assertNull(DebPaths.entryComponents(".."));
    }

    /** For random link directories and absolute targets: the relative target names the same place, inside. */
    @Test
    void aRelativeTargetReachesWhatTheAbsoluteOneNamesFromTheLinksDirectory() {
        SplittableRandom random = new SplittableRandom(7);
        Path root = Path.of("/root-of-tree");
        for (int i = 0; i < 5_000; i++) {
            List<String> dir = new ArrayList<>();
            for (int n = random.nextInt(5); n > 0; n--) {
                dir.add(new String[] {"usr", "lib", "x", "share", "a b"}[random.nextInt(5)]);
            }
            StringBuilder target = new StringBuilder();
            for (int n = random.nextInt(6); n >= 0; n--) {
                target.append('/').append(PARTS[random.nextInt(PARTS.length)]);
            }
            String directory = String.join("/", dir);
            String relative = DebPaths.relativeTarget(directory, target.toString());
            assertFalse(relative.startsWith("/"), relative);
            Path reached = root.resolve(directory).resolve(relative).normalize();
            // the kernel's reading: ".." at the top stays at the top
            Path expected = root;
            for (String part : target.toString().split("/")) {
                if (part.equals("..")) {
                    expected = expected.equals(root) ? root : expected.getParent();
                } else if (!part.isEmpty() && !part.equals(".")) {
                    expected = expected.resolve(part);
                }
            }
            assertEquals(expected, reached, directory + " -> " + target);
            assertTrue(reached.startsWith(root));
        }
    }
}
