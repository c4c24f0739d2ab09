package dev.lading.core.attest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.regex.Pattern;

/** The part of the SPDX 2.3 JSON format lading writes: packages, files and how they relate. */
@JsonPropertyOrder({"spdxVersion", "dataLicense", "SPDXID", "name", "documentNamespace", "creationInfo", "packages",
        "files", "relationships"})
record SpdxDocument(String spdxVersion, String dataLicense, @JsonProperty("SPDXID") String spdxId, String name,
                    String documentNamespace, CreationInfo creationInfo, List<SpdxPackage> packages,
                    List<SpdxFile> files, List<Relationship> relationships) {
    static final String DOCUMENT_ID = "SPDXRef-DOCUMENT";
    private static final Pattern ID = Pattern.compile("SPDXRef-[A-Za-z0-9.-]+");

    SpdxDocument {
        packages = List.copyOf(packages);
        files = List.copyOf(files);
        relationships = List.copyOf(relationships);
    }

    SpdxDocument withNamespace(String namespace) {
        return new SpdxDocument(spdxVersion, dataLicense, spdxId, name, namespace, creationInfo, packages, files,
                relationships);
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

    @JsonPropertyOrder({"SPDXID", "name", "versionInfo", "downloadLocation", "filesAnalyzed", "primaryPackagePurpose",
            "description", "checksums", "externalRefs"})
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record SpdxPackage(@JsonProperty("SPDXID") String spdxId, String name, String versionInfo,
                       String downloadLocation, boolean filesAnalyzed, String primaryPackagePurpose,
                       String description, List<Checksum> checksums, List<ExternalRef> externalRefs) {
        SpdxPackage {
            checkedId(spdxId);
        }
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
