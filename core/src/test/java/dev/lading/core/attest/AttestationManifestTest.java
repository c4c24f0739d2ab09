package dev.lading.core.attest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.model.Annotations;
import dev.lading.core.model.ConfigFile;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Digest;
import dev.lading.core.model.Json;
import dev.lading.core.model.Manifest;
import dev.lading.core.model.MediaTypes;
import dev.lading.core.store.OciLayout;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttestationManifestTest {
    @TempDir
    Path dir;

    @Test
    void oneInTotoLayerPerStatementAnUnknownPlatformConfigAndThePlatformManifestAsSubject() throws IOException {
        OciLayout store = OciLayout.openOrCreate(dir.resolve("store"));
        Descriptor subject = Facts.MANIFEST.withPlatform(Facts.ARM64).withAnnotations(Map.of("a", "b"));
        Statement provenance = Provenance.statement(Facts.build(), Facts.image());
        Statement sbom = Sbom.statement(Facts.build(), Facts.image());
        Descriptor stored = AttestationManifest.store(store, subject, List.of(provenance, sbom));

        assertEquals(MediaTypes.ATTESTATION_MANIFEST, stored.artifactType());
        Manifest manifest = Json.parse(store.read(stored), Manifest.class, "attestation manifest");
        assertEquals(MediaTypes.OCI_MANIFEST, manifest.mediaType());
        assertEquals(MediaTypes.ATTESTATION_MANIFEST, manifest.artifactType());
        // BuildKit's config: an image config that tools validate like any other, of a platform no runtime picks
        assertEquals(MediaTypes.OCI_CONFIG, manifest.config().mediaType());
        ConfigFile config = Json.parse(store.read(manifest.config()), ConfigFile.class, "config");
        assertEquals(AttestationManifest.UNKNOWN_PLATFORM, config.platform());
        assertEquals(manifest.layers().stream().map(Descriptor::digest).toList(), config.rootfs().diffIds());
        // only what identifies the subject: no platform, no annotations
        assertEquals(new Descriptor(subject.mediaType(), subject.digest(), subject.size()), manifest.subject());
        assertEquals(2, manifest.layers().size());
        assertEquals(List.of(Provenance.PREDICATE_TYPE, Sbom.PREDICATE_TYPE), manifest.layers().stream()
                .map(layer -> layer.annotations().get(Annotations.PREDICATE_TYPE)).toList());
        for (Descriptor layer : manifest.layers()) {
            assertEquals(MediaTypes.IN_TOTO, layer.mediaType());
        }
        assertEquals(Digest.sha256(provenance.bytes()), manifest.layers().get(0).digest());
        assertArrayEquals(sbom.bytes(), store.read(manifest.layers().get(1)));
    }

    @Test
    void theBuildxIndexEntryIsUnknownUnknownAndPointsAtItsImage() throws IOException {
        OciLayout store = OciLayout.openOrCreate(dir.resolve("store"));
        Descriptor stored = AttestationManifest.store(store, Facts.MANIFEST,
                List.of(Sbom.statement(Facts.build(), Facts.image())));
        Descriptor entry = AttestationManifest.indexEntry(stored, Facts.MANIFEST);
        assertEquals("unknown/unknown", entry.platform().toString());
        // what BuildKit writes: Jib's index parser refuses an artifactType here, containers/image drops it
        assertNull(entry.artifactType());
        assertEquals(stored.digest(), entry.digest());
        assertEquals(stored.size(), entry.size());
        assertEquals(Map.of(Annotations.REFERENCE_TYPE, "attestation-manifest",
                Annotations.REFERENCE_DIGEST, Facts.MANIFEST.digest().toString()), entry.annotations());
        assertTrue(AttestationManifest.isAttestation(entry));
        assertTrue(AttestationManifest.isAttestation(stored));
        assertFalse(AttestationManifest.isAttestation(Facts.MANIFEST));
    }
}
