package dev.lading.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.spdx.tools.SpdxToolsHelper;
import org.spdx.tools.Verify;

/**
 * The official SPDX validator (tools-java's {@code Verify}), which checks what the JSON schema cannot: that the
 * elements a document names exist, that a package's analyzed files come with their verification code, and so on.
 */
final class SpdxValidator {
    static {
        // registers the model of each SPDX version, as Verify's main does before it verifies
        SpdxToolsHelper.initialize();
    }

    private SpdxValidator() {
    }

    /** What Verify reports about an SBOM (a statement's predicate); empty when it is valid. */
    static List<String> problems(JsonNode sbom, Path dir) throws Exception {
        Files.createDirectories(dir);
        // Verify reads a file and knows the format by its extension
        Path file = Files.createTempFile(dir, "sbom-", ".spdx.json");
        Files.write(file, new ObjectMapper().writeValueAsBytes(sbom));
        return Verify.verify(file.toString(), SpdxToolsHelper.SerFileType.JSON);
    }
}
