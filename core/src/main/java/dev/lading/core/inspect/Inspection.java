package dev.lading.core.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lading.core.LadingException;
import dev.lading.core.model.Annotations;
import dev.lading.core.model.ConfigFile;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Digest;
import dev.lading.core.model.Index;
import dev.lading.core.model.Json;
import dev.lading.core.model.Manifest;
import dev.lading.core.model.MediaTypes;
import dev.lading.core.store.Documents;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code lading inspect} shows of an image: the root document as stored ({@link #raw}), a text summary in
 * the shape of {@code docker buildx imagetools inspect} ({@link #text}), and a JSON form with every platform's
 * manifest and config ({@link #json}).
 */
public final class Inspection {
    private final String name;
    private final String repositoryName;
    private final Descriptor root;
    private final byte[] raw;
    private final Map<Descriptor, Manifest> manifests;
    private final Map<Descriptor, ConfigFile> configs;
    /** Per platform manifest digest: its attestations, from the index (buildx style) or the referrers. */
    private final Map<Digest, List<Attestation>> attestations;

    /** Finds the manifests whose subject is a digest: a registry's referrers, or none for a layout. */
    @FunctionalInterface
    public interface Referrers {
        Referrers NONE = subject -> List.of();

        List<Descriptor> of(Digest subject) throws IOException;
    }

    /** An attestation manifest and the predicate types of its statements. */
    public record Attestation(Descriptor manifest, List<String> predicateTypes) {
        public Attestation {
            predicateTypes = List.copyOf(predicateTypes);
        }
    }

    private Inspection(String name, String repositoryName, Descriptor root, byte[] raw,
                       Map<Descriptor, Manifest> manifests, Map<Descriptor, ConfigFile> configs, Map<Digest, List<Attestation>> attestations) {
        this.name = name;
        this.repositoryName = repositoryName;
        this.root = root;
        this.raw = raw;
        this.manifests = manifests;
        this.configs = configs;
        this.attestations = attestations;
    }

    /**
     * @param name           the image as shown, e.g. {@code registry.example/team/app:1.0} or {@code oci:out/hk:latest}
     * @param repositoryName what an entry's digest is appended to: the name without its digest, tag kept, as
     *                       buildx shows {@code app:1.0@sha256:…}
     */
    public static Inspection of(Documents documents, Descriptor root, String name, String repositoryName)
            throws IOException {
        return of(documents, root, name, repositoryName, Referrers.NONE);
    }

    public static Inspection of(Documents documents, Descriptor root, String name, String repositoryName,
                                Referrers referrers) throws IOException {
        Map<Descriptor, Manifest> manifests = new LinkedHashMap<>();
        Map<Descriptor, ConfigFile> configs = new LinkedHashMap<>();
        Map<Digest, List<Attestation>> attestations = new LinkedHashMap<>();
        List<Descriptor> entries = MediaTypes.isIndex(root.mediaType()) ? documents.index(root).manifests()
                : List.of(root);
        for (Descriptor entry : entries) {
            if (!MediaTypes.isManifest(entry.mediaType())) {
                continue;
            }
            String subject = entry.annotations().get(Annotations.REFERENCE_DIGEST);
            if (Annotations.ATTESTATION_MANIFEST.equals(entry.annotations().get(Annotations.REFERENCE_TYPE))
                    && subject != null) {
                attestations.computeIfAbsent(Digest.parse(subject), d -> new ArrayList<>())
                        .add(attestation(documents, entry, Digest.parse(subject)));
                continue;
            }
            Manifest manifest = documents.manifest(entry);
            manifests.put(entry, manifest);
            configs.put(entry, documents.config(manifest.config()));
            for (Descriptor referrer : referrers.of(entry.digest())) {
                if (MediaTypes.isManifest(referrer.mediaType())) {
                    attestations.computeIfAbsent(entry.digest(), d -> new ArrayList<>())
                            .add(attestation(documents, referrer, entry.digest()));
                }
            }
        }
        return new Inspection(name, repositoryName, root, documents.document(root), manifests, configs, attestations);
    }

    /** Reads an attestation listed for {@code subject}; one that describes another image is refused. */
    private static Attestation attestation(Documents documents, Descriptor descriptor, Digest subject)
            throws IOException {
        Descriptor plain = new Descriptor(descriptor.mediaType(), descriptor.artifactType(), descriptor.digest(),
                descriptor.size(), Map.of(), null);
        Manifest manifest = documents.manifest(plain);
        if (manifest.subject() != null && !manifest.subject().digest().equals(subject)) {
            throw new LadingException("attestation " + descriptor.digest() + " is listed for " + subject
                    + " but its subject is " + manifest.subject().digest() + "; the listing was tampered with or"
                    + " mixed up");
        }
        List<String> types = manifest.layers().stream().map(l -> l.annotations().get(Annotations.PREDICATE_TYPE))
                .filter(java.util.Objects::nonNull).toList();
        return new Attestation(plain, types);
    }

    public byte[] raw() {
        return raw.clone();
    }

    /**
     * Exactly what {@code docker buildx imagetools inspect} prints for the same document, so that scripts written
     * for it read lading's: facts beyond it, such as referrers, configs and layers, are in {@link #json}.
     */
    public String text() throws IOException {
        StringBuilder out = new StringBuilder();
        AlignedLines lines = new AlignedLines(out);
        lines.line("Name:", name).line("MediaType:", root.mediaType()).line("Digest:", root.digest().toString()).flush();
        if (!MediaTypes.isIndex(root.mediaType())) {
            return out.toString();
        }
        lines.blank().line("Manifests:", "").flush();
        Index index = Documents.index(root, raw);
        String indent = "  ";
        for (int i = 0; i < index.manifests().size(); i++) {
            Descriptor entry = index.manifests().get(i);
            if (i > 0) {
                lines.blank();
            }
            lines.line(indent + "Name:", repositoryName + "@" + entry.digest());
            lines.line(indent + "MediaType:", entry.mediaType());
            if (entry.platform() == null) {
                continue;
            }
            lines.line(indent + "Platform:", entry.platform().toString());
            if (!entry.annotations().isEmpty()) {
                lines.line(indent + "Annotations:", "").flush();
                new TreeMap<>(entry.annotations()).forEach((key, value) -> lines.line(indent + indent + key + ":", value));
                lines.flush();
            }
        }
        lines.flush();
        return out.toString();
    }

    public String json() throws IOException {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("name", name);
        node.put("mediaType", root.mediaType());
        node.put("digest", root.digest().toString());
        node.set("manifest", Json.mapper().readTree(raw));
        ObjectNode images = node.putObject("images");
        for (Map.Entry<Descriptor, Manifest> entry : manifests.entrySet()) {
            ConfigFile config = configs.get(entry.getKey());
            ObjectNode image = images.putObject(config.platform().toString());
            image.put("digest", entry.getKey().digest().toString());
            image.set("manifest", tree(entry.getValue()));
            image.set("config", tree(config));
            for (Attestation attestation : attestations.getOrDefault(entry.getKey().digest(), List.of())) {
                ObjectNode item = image.withArray("attestations").addObject();
                item.put("digest", attestation.manifest().digest().toString());
                item.put("mediaType", attestation.manifest().mediaType());
                attestation.predicateTypes().forEach(item.withArray("predicateTypes")::add);
            }
        }
        return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(node);
    }

    private static JsonNode tree(Object value) {
        return Json.mapper().valueToTree(value);
    }
}
