package dev.lading.core.attest;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.lading.core.attest.SpdxDocument.Checksum;
import dev.lading.core.attest.SpdxDocument.CreationInfo;
import dev.lading.core.attest.SpdxDocument.ExternalRef;
import dev.lading.core.attest.SpdxDocument.Relationship;
import dev.lading.core.attest.SpdxDocument.SpdxFile;
import dev.lading.core.attest.SpdxDocument.SpdxPackage;
import dev.lading.core.attest.SpdxDocument.VerificationCode;
import dev.lading.core.io.DigestingOutputStream;
import dev.lading.core.model.Digest;
import dev.lading.core.model.Reference;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The SPDX 2.3 SBOM of one platform image: the files lading added with their digests, the native sources the
 * compiled ones came from, the toolchain that compiled them and the base image. Like the provenance, it is
 * reproducible unless the user asks for times: even its namespace is derived from its content. Its files and
 * relationships are written one by one from the facts, never held as a document: there are some per file.
 */
public final class Sbom {
    public static final String PREDICATE_TYPE = "https://spdx.dev/Document";
    static final String IMAGE_ID = "SPDXRef-Image";
    static final String TOOLCHAIN_ID = "SPDXRef-Toolchain";
    static final String BASE_ID = "SPDXRef-BaseImage";
    private static final String NOASSERTION = "NOASSERTION";

    private final BuildFacts build;
    private final ImageFacts image;
    private final List<SpdxPackage> packages;
    private final List<String> sourceIds;

    private Sbom(BuildFacts build, ImageFacts image) {
        this.build = build;
        this.image = image;
        this.packages = packages(build, image);
        this.sourceIds = image.nativeSources().stream().map(source -> fileId("Source", source.path())).toList();
    }

    public static Statement statement(BuildFacts build, ImageFacts image) {
        Sbom sbom = new Sbom(build, image);
        String namespace = sbom.namespace();
        return Statement.about(build, image, PREDICATE_TYPE, json -> sbom.write(json, namespace));
    }

    /**
     * Unique for each document, as SPDX wants, yet the same for the same document: the image's manifest digest and
     * a digest of everything else the document says (the document as written with an empty namespace).
     */
    private String namespace() {
        DigestingOutputStream digest = new DigestingOutputStream(OutputStream.nullOutputStream());
        try (JsonGenerator json = Statement.generator(digest)) {
            write(json, "");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot digest an SBOM", e);
        }
        return "https://lading.dev/spdx/" + image.manifest().digest().hex() + "/" + digest.digest().hex().substring(0, 16);
    }

    private void write(JsonGenerator json, String namespace) throws IOException {
        Reference name = build.imageName();
        Instant created = build.finishedOn() != null ? build.finishedOn()
                : Instant.ofEpochSecond(build.sourceDateEpoch());
        json.writeStartObject();
        json.writeStringField("spdxVersion", "SPDX-2.3");
        json.writeStringField("dataLicense", "CC0-1.0");
        json.writeStringField("SPDXID", SpdxDocument.DOCUMENT_ID);
        json.writeStringField("name", (name == null ? Purls.UNNAMED : name.toString()) + " " + image.platform());
        json.writeStringField("documentNamespace", namespace);
        json.writeFieldName("creationInfo");
        new CreationInfo(Provenance.timestamp(created), List.of("Tool: lading-" + build.builderVersion())).write(json);
        json.writeArrayFieldStart("packages");
        for (SpdxPackage spdxPackage : packages) {
            spdxPackage.write(json);
        }
        json.writeEndArray();

        json.writeArrayFieldStart("files");
        for (int i = 0; i < sourceIds.size(); i++) {
            SourceFile source = image.nativeSources().get(i);
            new SpdxFile(sourceIds.get(i), "./" + source.path(), List.of("SOURCE"), checksums(source.checksums()))
                    .write(json);
        }
        for (ImageFile file : image.files()) {
            new SpdxFile(fileId("File", file.path()), file.path(), file.isArtifact() ? List.of("BINARY") : List.of(),
                    checksums(file.checksums())).write(json);
        }
        json.writeEndArray();

        json.writeArrayFieldStart("relationships");
        new Relationship(SpdxDocument.DOCUMENT_ID, "DESCRIBES", IMAGE_ID).write(json);
        for (ImageFile file : image.files()) {
            String id = fileId("File", file.path());
            new Relationship(IMAGE_ID, "CONTAINS", id).write(json);
            if (file.isArtifact()) {
                for (String source : sourceIds) {
                    new Relationship(id, "GENERATED_FROM", source).write(json);
                }
            }
        }
        if (image.toolchain() != null) {
            new Relationship(TOOLCHAIN_ID, "BUILD_TOOL_OF", IMAGE_ID).write(json);
        }
        if (image.base() != null) {
            new Relationship(IMAGE_ID, "DESCENDANT_OF", BASE_ID).write(json);
        }
        for (InstalledPackage installed : image.packages()) {
            new Relationship(IMAGE_ID, "CONTAINS", packageId(installed)).write(json);
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static List<SpdxPackage> packages(BuildFacts build, ImageFacts image) {
        Reference name = build.imageName();
        List<SpdxPackage> packages = new ArrayList<>();
        // the image CONTAINS its files, which makes them its analyzed files: SPDX then wants their verification code
        VerificationCode code = image.files().isEmpty() ? null : verificationCode(image.files());
        packages.add(new SpdxPackage(IMAGE_ID, name == null ? Purls.UNNAMED : Purls.familiarName(name),
                name == null ? null : name.tag(), NOASSERTION, code != null, code, "CONTAINER",
                "the " + image.platform() + " image", List.of(sha256(image.manifest().digest().hex())),
                List.of(purl(Purls.image(name, image.platform())))));
        NativeToolchain toolchain = image.toolchain();
        if (toolchain != null) {
            packages.add(new SpdxPackage(TOOLCHAIN_ID, toolchain.kind(), toolchain.version(), NOASSERTION, false,
                    null, "APPLICATION", "the compiler of the image's native code, for " + toolchain.target(),
                    List.of(), List.of()));
        }
        if (image.base() != null) {
            packages.add(new SpdxPackage(BASE_ID, image.base().name(), null, NOASSERTION, false, null, "CONTAINER",
                    "the base image (from:) for " + image.platform(), List.of(sha256(image.base().manifest().hex())),
                    List.of(purl(Purls.image(Reference.parse(image.base().name()), image.platform())))));
        }
        for (InstalledPackage installed : image.packages()) {
            packages.add(new SpdxPackage(packageId(installed), installed.name(), installed.version(), NOASSERTION,
                    false, null, "LIBRARY", "a " + installed.distribution() + " package, " + installed.architecture(),
                    List.of(sha256(installed.sha256())), List.of(purl(installed.purl()))));
        }
        return packages;
    }

    private static String packageId(InstalledPackage installed) {
        return fileId("Package-deb", installed.name() + ":" + installed.architecture());
    }

    /** SPDX 2.3 section 7.9: the SHA-1 of the files' SHA-1s in lowercase hex, sorted and concatenated. */
    static VerificationCode verificationCode(List<ImageFile> files) {
        List<Checksums> sorted = new ArrayList<>(files.size());
        files.forEach(file -> sorted.add(file.checksums()));
        sorted.sort(Checksums::compareSha1);
        MessageDigest sha1 = Checksums.newSha1();
        sorted.forEach(checksums -> checksums.updateWithSha1Hex(sha1));
        return new VerificationCode(HexFormat.of().formatHex(sha1.digest()));
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
