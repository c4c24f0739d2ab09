package dev.lading.core.attest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lading.core.testing.Generated;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The documents as tools that know only the formats see them: each checked against its JSON schema. */
class AttestationSchemaTest {
    @Test
    void bothStatementsAreInTotoStatementsAndTheSbomIsSpdx23() throws IOException {
        JsonNode provenance = Facts.json(Provenance.statement(Facts.build(), Facts.image()));
        JsonNode sbom = Facts.json(Sbom.statement(Facts.build(), Facts.image()));
        assertEquals(List.of(), Schemas.errors(Schemas.IN_TOTO_STATEMENT, provenance));
        assertEquals(List.of(), Schemas.errors(Schemas.IN_TOTO_STATEMENT, sbom));
        assertEquals(List.of(), Schemas.errors(Schemas.SPDX_2_3, sbom.get("predicate")));
    }

    @Test
    void everyShapeOfBuildIsValid() {
        Generated.forAll(60, random -> {
            BuildFacts build = Facts.randomBuild(random);
            ImageFacts image = Facts.randomImage(random);
            JsonNode provenance = Facts.json(Provenance.statement(build, image));
            JsonNode sbom = Facts.json(Sbom.statement(build, image));
            assertEquals(List.of(), Schemas.errors(Schemas.IN_TOTO_STATEMENT, provenance));
            assertEquals(List.of(), Schemas.errors(Schemas.IN_TOTO_STATEMENT, sbom));
            assertEquals(List.of(), Schemas.errors(Schemas.SPDX_2_3, sbom.get("predicate")));
        });
    }

    /** The checks can fail: documents missing what the formats require are refused. */
    @Test
    void theSchemasRefuseBrokenDocuments() throws IOException {
        ObjectNode provenance = (ObjectNode) Facts.json(Provenance.statement(Facts.build(), Facts.image()));
        ((ObjectNode) provenance.at("/subject/0")).remove("digest");
        assertFalse(Schemas.errors(Schemas.IN_TOTO_STATEMENT, provenance).isEmpty());
        ObjectNode notAUri = (ObjectNode) Facts.json(Sbom.statement(Facts.build(), Facts.image()));
        notAUri.put("predicateType", "an SBOM");
        assertFalse(Schemas.errors(Schemas.IN_TOTO_STATEMENT, notAUri).isEmpty(), "formats are asserted");
        ObjectNode noBuilder = (ObjectNode) Facts.json(Provenance.statement(Facts.build(), Facts.image()));
        ((ObjectNode) noBuilder.at("/predicate/runDetails")).remove("builder");
        assertFalse(Schemas.errors(Schemas.IN_TOTO_STATEMENT, noBuilder).isEmpty());

        ObjectNode sbom = (ObjectNode) Facts.json(Sbom.statement(Facts.build(), Facts.image())).get("predicate");
        ObjectNode withoutCreation = sbom.deepCopy();
        withoutCreation.remove("creationInfo");
        assertFalse(Schemas.errors(Schemas.SPDX_2_3, withoutCreation).isEmpty());
        ObjectNode badRelationship = sbom.deepCopy();
        ((ObjectNode) badRelationship.at("/relationships/0")).put("relationshipType", "LIKES");
        assertFalse(Schemas.errors(Schemas.SPDX_2_3, badRelationship).isEmpty());
    }
}
