package dev.lading.core.attest;

import dev.lading.core.model.Reference;
import java.time.Instant;
import java.util.List;

/**
 * What the attestations of every platform of one build share.
 *
 * @param builderVersion     lading's version, e.g. {@code 0.1.0}
 * @param buildFile          the build file as the user named it, relative to the build context
 * @param buildFileChecksums the build file's digests
 * @param tags               the {@code -t} references, which name the image; may be empty
 * @param outputs            the kinds of output asked for, e.g. {@code oci}, {@code registry}
 * @param startedOn          when the build started, or null: times are recorded only when the user asks
 * @param finishedOn         when the images were done, or null as {@code startedOn}
 */
public record BuildFacts(String builderVersion, String buildFile, Checksums buildFileChecksums, List<Reference> tags,
                         List<String> outputs, long sourceDateEpoch, Instant startedOn, Instant finishedOn) {
    public BuildFacts {
        tags = List.copyOf(tags);
        outputs = List.copyOf(outputs);
        if ((startedOn == null) != (finishedOn == null)) {
            throw new IllegalArgumentException("start and finish times are recorded together or not at all");
        }
    }

    /** The build file as a material: by its name, as the other sources are named relative to its directory. */
    SourceFile buildFileSource() {
        int slash = buildFile.lastIndexOf('/');
        return new SourceFile(buildFile.substring(slash + 1), buildFileChecksums);
    }

    /** The reference that names the image in the documents, or null when the build has no tag. */
    Reference imageName() {
        return tags.isEmpty() ? null : tags.get(0);
    }
}
