package dev.lading.core.attest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The parts of the SPDX 2.3 JSON format lading writes: packages, files and how they relate. {@link Sbom} writes
 * the document around them, streaming its files and relationships.
 */
final class SpdxDocument {
    static final String DOCUMENT_ID = "SPDXRef-DOCUMENT";
    private static final Pattern ID = Pattern.compile("SPDXRef-[A-Za-z0-9.-]+");

    private SpdxDocument() {
    }

    static String checkedId(String id) {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("invalid SPDX identifier '" + id + "'");
        }
        return id;
    }

    @JsonPropertyOrder({"created", "creators"})
    record CreationInfo(String created, List<String> creators) {
    }

    /**
     * @param verificationCode required when {@code filesAnalyzed}: what a package that {@code CONTAINS} files must
     *                         say, as the files are then its analyzed contents
     */
    @JsonPropertyOrder({"SPDXID", "name", "versionInfo", "downloadLocation", "filesAnalyzed", "packageVerificationCode",
            "primaryPackagePurpose", "description", "checksums", "externalRefs"})
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record SpdxPackage(@JsonProperty("SPDXID") String spdxId, String name, String versionInfo,
                       String downloadLocation, boolean filesAnalyzed, VerificationCode packageVerificationCode,
                       String primaryPackagePurpose, String description, List<Checksum> checksums,
                       List<ExternalRef> externalRefs) {
        SpdxPackage {
            checkedId(spdxId);
            if (filesAnalyzed != (packageVerificationCode != null)) {
                throw new IllegalArgumentException("a package's files are analyzed exactly when it has a verification code");
            }
        }
    }

    @JsonPropertyOrder({"packageVerificationCodeValue"})
    record VerificationCode(String packageVerificationCodeValue) {
    }

    @JsonPropertyOrder({"SPDXID", "fileName", "fileTypes", "checksums"})
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record SpdxFile(@JsonProperty("SPDXID") String spdxId, String fileName, List<String> fileTypes,
                    List<Checksum> checksums) {
        SpdxFile {
            checkedId(spdxId);
        }
    }

    @JsonPropertyOrder({"algorithm", "checksumValue"})
    record Checksum(String algorithm, String checksumValue) {
    }

    @JsonPropertyOrder({"referenceCategory", "referenceType", "referenceLocator"})
    record ExternalRef(String referenceCategory, String referenceType, String referenceLocator) {
    }

    @JsonPropertyOrder({"spdxElementId", "relationshipType", "relatedSpdxElement"})
    record Relationship(String spdxElementId, String relationshipType, String relatedSpdxElement) {
    }
}
