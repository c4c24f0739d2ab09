package dev.lading.core.attest;

import dev.lading.core.attest.SpdxDocument.Checksum;
import dev.lading.core.attest.SpdxDocument.CreationInfo;
import dev.lading.core.attest.SpdxDocument.ExternalRef;
import dev.lading.core.attest.SpdxDocument.Relationship;
import dev.lading.core.attest.SpdxDocument.SpdxFile;
import dev.lading.core.attest.SpdxDocument.SpdxPackage;
import dev.lading.core.model.Digest;
import dev.lading.core.model.Json;
import dev.lading.core.model.Reference;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The SPDX 2.3 SBOM of one platform image: the files lading added with their digests, the native sources the
 * compiled ones came from, the toolchain that compiled them and the base image. Like the provenance, it is
 * reproducible unless the user asks for times: even its namespace is derived from its content.
 */
public final class Sbom {
    public static final String PREDICATE_TYPE = "https://spdx.dev/Document";
    static final String IMAGE_ID = "SPDXRef-Image";
    static final String TOOLCHAIN_ID = "SPDXRef-Toolchain";
    static final String BASE_ID = "SPDXRef-BaseImage";
    private static final String NOASSERTION = "NOASSERTION";

    private Sbom() {
    }

    public static Statement statement(BuildFacts build, ImageFacts image) {
        return Statement.about(build, image, PREDICATE_TYPE, document(build, image));
    }

    static SpdxDocument document(BuildFacts build, ImageFacts image) {
        Reference name = build.imageName();
        List<SpdxPackage> packages = new ArrayList<>();
        List<SpdxFile> files = new ArrayList<>();
        List<Relationship> relationships = new ArrayList<>();
        packages.add(new SpdxPackage(IMAGE_ID, name == null ? Purls.UNNAMED : Purls.familiarName(name),
                name == null ? null : name.tag(), NOASSERTION, false, "CONTAINER",
                "the " + image.platform() + " image", List.of(sha256(image.manifest().digest().hex())),
                List.of(purl(Purls.image(name, image.platform())))));
        relationships.add(new Relationship(SpdxDocument.DOCUMENT_ID, "DESCRIBES", IMAGE_ID));

        List<String> sourceIds = new ArrayList<>();
        for (SourceFile source : image.nativeSources()) {
            String id = fileId("Source", source.path());
            files.add(new SpdxFile(id, "./" + source.path(), List.of("SOURCE"), checksums(source.checksums())));
            sourceIds.add(id);
        }
        for (ImageFile file : image.files()) {
            String id = fileId("File", file.path());
            files.add(new SpdxFile(id, file.path(), file.isArtifact() ? List.of("BINARY") : List.of(),
                    checksums(file.checksums())));
            relationships.add(new Relationship(IMAGE_ID, "CONTAINS", id));
            if (file.isArtifact()) {
                sourceIds.forEach(source -> relationships.add(new Relationship(id, "GENERATED_FROM", source)));
            }
        }

        NativeToolchain toolchain = image.toolchain();
        if (toolchain != null) {
            packages.add(new SpdxPackage(TOOLCHAIN_ID, toolchain.kind(), toolchain.version(), NOASSERTION, false,
                    "APPLICATION", "the compiler of the image's native code, for " + toolchain.target(), List.of(),
                    List.of()));
            relationships.add(new Relationship(TOOLCHAIN_ID, "BUILD_TOOL_OF", IMAGE_ID));
        }
        if (image.base() != null) {
            packages.add(new SpdxPackage(BASE_ID, image.base().name(), null, NOASSERTION, false, "CONTAINER",
                    "the base image (from:) for " + image.platform(), List.of(sha256(image.base().manifest().hex())),
                    List.of(purl(Purls.image(Reference.parse(image.base().name()), image.platform())))));
            relationships.add(new Relationship(IMAGE_ID, "DESCENDANT_OF", BASE_ID));
        }
        Instant created = build.finishedOn() != null ? build.finishedOn()
                : Instant.ofEpochSecond(build.sourceDateEpoch());
        SpdxDocument document = new SpdxDocument("SPDX-2.3", "CC0-1.0", SpdxDocument.DOCUMENT_ID,
                (name == null ? Purls.UNNAMED : name.toString()) + " " + image.platform(), "",
                new CreationInfo(Provenance.timestamp(created), List.of("Tool: lading-" + build.builderVersion())),
                packages, files, relationships);
        return document.withNamespace(namespace(image, document));
    }

    /**
     * Unique for each document, as SPDX wants, yet the same for the same document: the image's manifest digest and
     * a digest of everything else the document says.
     */
    private static String namespace(ImageFacts image, SpdxDocument withoutNamespace) {
        String content = Digest.sha256(Json.bytes(withoutNamespace)).hex();
        return "https://lading.dev/spdx/" + image.manifest().digest().hex() + "/" + content.substring(0, 16);
    }

    /** Readable and valid ({@code SPDXRef-[A-Za-z0-9.-]+}), and unique through a digest of the full path. */
    static String fileId(String kind, String path) {
        String readable = path.replaceAll("[^A-Za-z0-9.]+", "-").replaceAll("^-+|-+$", "");
        String unique = Digest.sha256(path.getBytes(StandardCharsets.UTF_8)).hex().substring(0, 12);
        return SpdxDocument.checkedId("SPDXRef-" + kind + "-" + (readable.isEmpty() ? "" : readable + "-") + unique);
    }

    private static List<Checksum> checksums(Checksums checksums) {
        return List.of(new Checksum("SHA1", checksums.sha1()), new Checksum("SHA256", checksums.sha256()));
    }

    private static Checksum sha256(String hex) {
        return new Checksum("SHA256", hex);
    }

    private static ExternalRef purl(String purl) {
        return new ExternalRef("PACKAGE-MANAGER", "purl", purl);
    }
}
