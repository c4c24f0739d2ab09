package dev.lading.core.attest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.lading.core.model.Reference;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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

    @JsonPropertyOrder({"buildDefinition", "runDetails"})
    record Predicate(BuildDefinition buildDefinition, RunDetails runDetails) {
    }

    @JsonPropertyOrder({"buildType", "externalParameters", "internalParameters", "resolvedDependencies"})
    record BuildDefinition(String buildType, ExternalParameters externalParameters,
                           InternalParameters internalParameters, List<ResourceDescriptor> resolvedDependencies) {
    }

    /** What the user chose: the build file (relative to the context), the platform, the names and the outputs. */
    @JsonPropertyOrder({"buildFile", "platform", "tags", "outputs"})
    record ExternalParameters(String buildFile, String platform, List<String> tags, List<String> outputs) {
    }

    /** What lading chose: the time it gave every file, and the toolchain (absent when nothing was compiled). */
    @JsonPropertyOrder({"SOURCE_DATE_EPOCH", "toolchain"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record InternalParameters(@JsonProperty("SOURCE_DATE_EPOCH") long sourceDateEpoch, Toolchain toolchain) {
    }

    @JsonPropertyOrder({"kind", "version", "target", "compileFlags", "linkFlags"})
    record Toolchain(String kind, String version, String target, List<String> compileFlags, List<String> linkFlags) {
    }

    /** A material: a file by its path and digest, or an image by its purl and manifest digest. */
    @JsonPropertyOrder({"uri", "name", "digest"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ResourceDescriptor(String uri, String name, Map<String, String> digest) {
    }

    @JsonPropertyOrder({"builder", "metadata"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RunDetails(Builder builder, Metadata metadata) {
    }

    @JsonPropertyOrder({"id", "version"})
    record Builder(String id, Map<String, String> version) {
    }

    @JsonPropertyOrder({"startedOn", "finishedOn"})
    record Metadata(String startedOn, String finishedOn) {
    }

    public static Statement statement(BuildFacts build, ImageFacts image) {
        InternalParameters internal = new InternalParameters(build.sourceDateEpoch(), toolchain(image.toolchain()));
        BuildDefinition definition = new BuildDefinition(BUILD_TYPE,
                new ExternalParameters(build.buildFile(), image.platform().toString(),
                        build.tags().stream().map(Reference::toString).toList(), build.outputs()),
                internal, materials(build, image));
        Builder builder = new Builder(builderId(build.builderVersion()), Map.of("lading", build.builderVersion()));
        Metadata metadata = build.startedOn() == null ? null
                : new Metadata(timestamp(build.startedOn()), timestamp(build.finishedOn()));
        return Statement.about(build, image, PREDICATE_TYPE, new Predicate(definition, new RunDetails(builder, metadata)));
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

    /** The build file first, then every other file read (once, by path), then the base image. */
    private static List<ResourceDescriptor> materials(BuildFacts build, ImageFacts image) {
        Map<String, Checksums> files = new TreeMap<>();
        image.files().stream().filter(file -> !file.isArtifact())
                .forEach(file -> files.put(file.source(), file.checksums()));
        image.nativeSources().forEach(source -> files.put(source.path(), source.checksums()));
        SourceFile buildFile = build.buildFileSource();
        files.remove(buildFile.path());
        List<ResourceDescriptor> materials = new ArrayList<>();
        materials.add(file(buildFile.path(), buildFile.checksums()));
        files.forEach((path, checksums) -> materials.add(file(path, checksums)));
        if (image.base() != null) {
            materials.add(new ResourceDescriptor(Purls.image(Reference.parse(image.base().name()), image.platform()),
                    null, Map.of("sha256", image.base().manifest().hex())));
        }
        return materials;
    }

    private static ResourceDescriptor file(String path, Checksums checksums) {
        return new ResourceDescriptor(null, path, Map.of("sha256", checksums.sha256()));
    }
}
