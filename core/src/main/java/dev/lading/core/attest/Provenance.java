package dev.lading.core.attest;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.lading.core.model.JsonFields;
import dev.lading.core.model.Reference;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The SLSA provenance v1 of one platform image: what was built from what, by which lading and toolchain. Without
 * the times the user may ask for, every field follows from the inputs, so the same build gives the same bytes.
 */
public final class Provenance {
    public static final String PREDICATE_TYPE = "https://slsa.dev/provenance/v1";
    /** What the external parameters mean: a lading build file built for one platform. */
    public static final String BUILD_TYPE = "https://lading.dev/build/v1";

    private Provenance() {
    }

    /** What the user chose: the build file (relative to the context), the platform, the names and the outputs. */
    record ExternalParameters(String buildFile, String platform, List<String> tags, List<String> outputs) {
        void write(JsonGenerator json) throws IOException {
            json.writeStartObject();
            json.writeStringField("buildFile", buildFile);
            json.writeStringField("platform", platform);
            JsonFields.strings(json, "tags", tags);
            JsonFields.strings(json, "outputs", outputs);
            json.writeEndObject();
        }
    }

    /** What lading chose: the time it gave every file, and the toolchain (absent when nothing was compiled). */
    record InternalParameters(long sourceDateEpoch, Toolchain toolchain) {
        void write(JsonGenerator json) throws IOException {
            json.writeStartObject();
            json.writeNumberField("SOURCE_DATE_EPOCH", sourceDateEpoch);
            if (toolchain != null) {
                json.writeFieldName("toolchain");
                toolchain.write(json);
            }
            json.writeEndObject();
        }
    }

    record Toolchain(String kind, String version, String target, List<String> compileFlags, List<String> linkFlags) {
        void write(JsonGenerator json) throws IOException {
            json.writeStartObject();
            json.writeStringField("kind", kind);
            json.writeStringField("version", version);
            json.writeStringField("target", target);
            JsonFields.strings(json, "compileFlags", compileFlags);
            JsonFields.strings(json, "linkFlags", linkFlags);
            json.writeEndObject();
        }
    }

    /** A material: a file by its path and digest, or an image by its purl and manifest digest. */
    record ResourceDescriptor(String uri, String name, Map<String, String> digest) {
        void write(JsonGenerator json) throws IOException {
            json.writeStartObject();
            if (uri != null) {
                json.writeStringField("uri", uri);
            }
            if (name != null) {
                json.writeStringField("name", name);
            }
            if (digest != null) {
                JsonFields.sorted(json, "digest", digest);
            }
            json.writeEndObject();
        }
    }

    /** @param metadata null when the build records no times */
    record RunDetails(Builder builder, Metadata metadata) {
        void write(JsonGenerator json) throws IOException {
            json.writeStartObject();
            json.writeFieldName("builder");
            builder.write(json);
            if (metadata != null) {
                json.writeFieldName("metadata");
                metadata.write(json);
            }
            json.writeEndObject();
        }
    }

    record Builder(String id, Map<String, String> version) {
        void write(JsonGenerator json) throws IOException {
            json.writeStartObject();
            json.writeStringField("id", id);
            JsonFields.sorted(json, "version", version);
            json.writeEndObject();
        }
    }

    record Metadata(String startedOn, String finishedOn) {
        void write(JsonGenerator json) throws IOException {
            json.writeStartObject();
            json.writeStringField("startedOn", startedOn);
            json.writeStringField("finishedOn", finishedOn);
            json.writeEndObject();
        }
    }

    /**
     * The build definition is written by hand around its materials, which are streamed: one per file read, and
     * there may be a million.
     */
    public static Statement statement(BuildFacts build, ImageFacts image) {
        ExternalParameters external = new ExternalParameters(build.buildFile(), image.platform().toString(),
                build.tags().stream().map(Reference::toString).toList(), build.outputs());
        InternalParameters internal = new InternalParameters(build.sourceDateEpoch(), toolchain(image.toolchain()));
        Builder builder = new Builder(builderId(build.builderVersion()), Map.of("lading", build.builderVersion()));
        Metadata metadata = build.startedOn() == null ? null
                : new Metadata(timestamp(build.startedOn()), timestamp(build.finishedOn()));
        return Statement.about(build, image, PREDICATE_TYPE, json -> {
            json.writeStartObject();
            json.writeObjectFieldStart("buildDefinition");
            json.writeStringField("buildType", BUILD_TYPE);
            json.writeFieldName("externalParameters");
            external.write(json);
            json.writeFieldName("internalParameters");
            internal.write(json);
            json.writeArrayFieldStart("resolvedDependencies");
            writeMaterials(json, build, image);
            json.writeEndArray();
            json.writeEndObject();
            json.writeFieldName("runDetails");
            new RunDetails(builder, metadata).write(json);
            json.writeEndObject();
        });
    }

    /** lading and its version, e.g. {@code https://lading.dev/lading@0.1.0}. */
    public static String builderId(String version) {
        return "https://lading.dev/lading@" + version;
    }

    /** RFC 3339 in UTC to the second, the form SPDX requires and SLSA accepts. */
    static String timestamp(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    private static Toolchain toolchain(NativeToolchain toolchain) {
        return toolchain == null ? null : new Toolchain(toolchain.kind(), toolchain.version(), toolchain.target(),
                toolchain.compileFlags(), toolchain.linkFlags());
    }

    /** The build file first, then every other file read (once, by path, in path order), then the base image. */
    private static void writeMaterials(JsonGenerator json, BuildFacts build, ImageFacts image) throws IOException {
        SourceFile buildFile = build.buildFileSource();
        file(buildFile.path(), buildFile.checksums()).write(json);
        for (SourceFile source : filesRead(image, buildFile.path())) {
            file(source.path(), source.checksums()).write(json);
        }
        if (image.base() != null) {
            new ResourceDescriptor(Purls.image(Reference.parse(image.base().name()), image.platform()), null,
                    Map.of("sha256", image.base().manifest().hex())).write(json);
        }
        for (InstalledPackage installed : image.packages()) {
            new ResourceDescriptor(installed.purl(), null, Map.of("sha256", installed.sha256())).write(json);
        }
    }

    /**
     * The copied files and the native sources by path, each path once (a native source's digest wins, as it was
     * read last), the build file left out. A sorted list of what the facts already hold, not a map: it has an entry
     * per file of the image.
     */
    private static List<SourceFile> filesRead(ImageFacts image, String buildFile) {
        List<SourceFile> all = new ArrayList<>();
        for (ImageFile file : image.files()) {
            if (!file.isArtifact()) {
                all.add(new SourceFile(file.source(), file.checksums()));
            }
        }
        all.addAll(image.nativeSources());
        all.sort(Comparator.comparing(SourceFile::path)); // stable: of one path, the native source stays last
        List<SourceFile> unique = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            String path = all.get(i).path();
            if (!path.equals(buildFile) && (i + 1 == all.size() || !all.get(i + 1).path().equals(path))) {
                unique.add(all.get(i));
            }
        }
        return unique;
    }

    private static ResourceDescriptor file(String path, Checksums checksums) {
        return new ResourceDescriptor(null, path, Map.of("sha256", checksums.sha256()));
    }
}
