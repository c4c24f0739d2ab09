package dev.lading.registry;

import dev.lading.core.model.Digest;
import dev.lading.core.model.RepositoryName;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Which repositories of a registry received a blob, noted by earlier pushes (as docker's distribution metadata
 * does), so that a push to another repository of the same registry mounts the blob instead of sending it again.
 * One file per registry and digest, a repository per line appended: appends of a short line do not interleave,
 * so pushes running at once need no lock. A stale entry costs one refused mount, then the upload goes ahead.
 */
final class BlobLocations {
    /** Remembers nothing: for clients without a home directory. */
    static final BlobLocations NONE = new BlobLocations(null);

    /** Mounts tried for one blob: the repositories it went to last. */
    private static final int CANDIDATES = 3;

    private final Path directory;

    BlobLocations(Path directory) {
        this.directory = directory;
    }

    /**
     * The repositories of {@code target}'s registry known to hold {@code digest}, the latest first, without
     * {@code target} itself.
     */
    List<String> repositories(RepositoryName target, Digest digest) {
        return latest(target.registry(), digest, target.path());
    }

    /** The repository paths of {@code registry} noted for {@code digest}, the latest first, without {@code except}. */
    private List<String> latest(String registry, Digest digest, String except) {
        if (directory == null) {
            return List.of();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file(registry, digest), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            // a hint only: without it the blob is sent
            return List.of();
        }
        LinkedHashSet<String> latestFirst = new LinkedHashSet<>();
        for (int i = lines.size() - 1; i >= 0 && latestFirst.size() < CANDIDATES; i--) {
            String repository = lines.get(i).trim();
            if (!repository.isEmpty() && !repository.equals(except)) {
                latestFirst.add(repository);
            }
        }
        return new ArrayList<>(latestFirst);
    }

    /** Notes that {@code repository} holds {@code digest}. */
    void remember(RepositoryName repository, Digest digest) {
        if (directory == null) {
            return;
        }
        Path file = file(repository.registry(), digest);
        try {
            if (latest(repository.registry(), digest, null).stream().findFirst().filter(repository.path()::equals)
                    .isPresent()) {
                return;
            }
            Files.createDirectories(file.getParent());
            Files.writeString(file, repository.path() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            // a hint only: the push itself succeeded
        }
    }

    private Path file(String registry, Digest digest) {
        return directory.resolve(URLEncoder.encode(registry, StandardCharsets.UTF_8))
                .resolve(digest.algorithm() + "-" + digest.hex());
    }
}
