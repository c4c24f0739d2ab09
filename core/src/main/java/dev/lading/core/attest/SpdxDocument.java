package dev.lading.core.attest;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.lading.core.model.JsonFields;
import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The parts of the SPDX 2.3 JSON format lading writes: packages, files and how they relate. {@link Sbom} writes
 * the document around them, streaming its files and relationships. Packages and files leave out what they do not
 * have (null, empty strings and empty lists) rather than write it empty.
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

    record CreationInfo(String created, List<String> creators) {
        void write(JsonGenerator json) throws IOException {
            json.writeStartObject();
            json.writeStringField("created", created);
            JsonFields.strings(json, "creators", creators);
            json.writeEndObject();
        }
    }

    /**
     * @param verificationCode required when {@code filesAnalyzed}: what a package that {@code CONTAINS} files must
     *                         say, as the files are then its analyzed contents
     */
    record SpdxPackage(String spdxId, String name, String versionInfo,
                       String downloadLocation, boolean filesAnalyzed, VerificationCode packageVerificationCode,
                       String primaryPackagePurpose, String description, List<Checksum> checksums,
                       List<ExternalRef> externalRefs) {
        SpdxPackage {
            checkedId(spdxId);
            if (filesAnalyzed != (packageVerificationCode != null)) {
                throw new IllegalArgumentException("a package's files are analyzed exactly when it has a verification code");
            }
        }

        void write(JsonGenerator json) throws IOException {
            json.writeStartObject();
            JsonFields.text(json, "SPDXID", spdxId);
            JsonFields.text(json, "name", name);
            JsonFields.text(json, "versionInfo", versionInfo);
            JsonFields.text(json, "downloadLocation", downloadLocation);
            json.writeBooleanField("filesAnalyzed", filesAnalyzed);
            if (packageVerificationCode != null) {
                json.writeFieldName("packageVerificationCode");
                packageVerificationCode.write(json);
            }
            JsonFields.text(json, "primaryPackagePurpose", primaryPackagePurpose);
            JsonFields.text(json, "description", description);
            writeChecksums(json, checksums);
            if (externalRefs != null && !externalRefs.isEmpty()) {
                json.writeArrayFieldStart("externalRefs");
                for (ExternalRef ref : externalRefs) {
                    ref.write(json);
                }
                json.writeEndArray();
            }
            json.writeEndObject();
        }
    }

    record VerificationCode(String packageVerificationCodeValue) {
        void write(JsonGenerator json) throws IOException {
            json.writeStartObject();
            json.writeStringField("packageVerificationCodeValue", packageVerificationCodeValue);
            json.writeEndObject();
        }
    }

    record SpdxFile(String spdxId, String fileName, List<String> fileTypes, List<Checksum> checksums) {
        SpdxFile {
            checkedId(spdxId);
        }

        void write(JsonGenerator json) throws IOException {
            json.writeStartObject();
            JsonFields.text(json, "SPDXID", spdxId);
            JsonFields.text(json, "fileName", fileName);
            if (fileTypes != null && !fileTypes.isEmpty()) {
                JsonFields.strings(json, "fileTypes", fileTypes);
            }
            writeChecksums(json, checksums);
            json.writeEndObject();
        }
    }

    record Checksum(String algorithm, String checksumValue) {
        void write(JsonGenerator json) throws IOException {
            json.writeStartObject();
            json.writeStringField("algorithm", algorithm);
            json.writeStringField("checksumValue", checksumValue);
            json.writeEndObject();
        }
    }

    record ExternalRef(String referenceCategory, String referenceType, String referenceLocator) {
        void write(JsonGenerator json) throws IOException {
            json.writeStartObject();
            json.writeStringField("referenceCategory", referenceCategory);
            json.writeStringField("referenceType", referenceType);
            json.writeStringField("referenceLocator", referenceLocator);
            json.writeEndObject();
        }
    }

    record Relationship(String spdxElementId, String relationshipType, String relatedSpdxElement) {
        void write(JsonGenerator json) throws IOException {
            json.writeStartObject();
            json.writeStringField("spdxElementId", spdxElementId);
            json.writeStringField("relationshipType", relationshipType);
            json.writeStringField("relatedSpdxElement", relatedSpdxElement);
            json.writeEndObject();
        }
    }

    private static void writeChecksums(JsonGenerator json, List<Checksum> checksums) throws IOException {
        if (checksums != null && !checksums.isEmpty()) {
            json.writeArrayFieldStart("checksums");
            for (Checksum checksum : checksums) {
                checksum.write(json);
            }
            json.writeEndArray();
        }
    }
}
