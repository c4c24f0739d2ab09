package dev.lading.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Compiled images are reproducible too: the directory a project sits in must not reach the binaries. The builds
 * take nothing from the compile cache, which would otherwise hand the second the first one's objects.
 */
class CrossBuildReproducibilityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PLATFORMS = "linux/amd64,linux/arm64,linux/arm/v6";

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"clang", "zig"})
    void theSameProjectInTwoDirectoriesGivesTheSameIndex(String toolchain) throws Exception {
        JsonNode first = build(toolchain, dir.resolve("a/kitchen"), "1");
        JsonNode second = build(toolchain, dir.resolve("b/somewhere/much/deeper/cuisine"), "2");
        assertEquals(3, first.get("platforms").size(), first.toString());
        assertEquals(first.get("platforms"), second.get("platforms"));
        assertEquals(first.get("containerimage.digest"), second.get("containerimage.digest"));
    }

    private JsonNode build(String toolchain, Path place, String name) throws Exception {
        Path context = Projects.copy(CrossProject.KITCHEN.directory, place);
        Path metadata = dir.resolve(name + ".json");
        Tool.Result result = CrossBuilds.build(CrossProject.KITCHEN, context, toolchain, PLATFORMS,
                dir.resolve("oci-" + name), "--metadata-file", metadata.toString(), "--no-cache");
        assertEquals(0, result.exitCode(), result.toString());
        return JSON.readTree(metadata.toFile());
    }
}
