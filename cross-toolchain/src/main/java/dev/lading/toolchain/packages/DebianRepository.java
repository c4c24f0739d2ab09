package dev.lading.toolchain.packages;

import dev.lading.core.InputException;
import dev.lading.core.LadingException;
import dev.lading.core.io.TempFiles;

import okhttp3.OkHttpClient;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

/**
 * A Debian archive as lading reads it: the signed {@code InRelease} of a suite, the {@code Packages} indexes it
 * vouches for, and the {@code .deb} files those vouch for. Each file is checked against the hash that vouches for
 * it before anything uses it, and kept in the cache under that hash, so a second build finds it without asking
 * the network, and a file the cache holds is one that was checked.
 */
public final class DebianRepository {
    private static final int ATTEMPTS = 4;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    private static final int PARALLEL_DOWNLOADS = 4;
    private static final long MAX_INRELEASE = 16L << 20;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final URI mirror;
    private final ArchiveKeys keys;
    private final Path indexes;
    private final Path debs;
    private final URI snapshot;
    private final Fetcher fetcher;
    private final Map<String, Release> releases = new ConcurrentHashMap<>();
    private final Map<String, List<Deb822.Paragraph>> parsed = new ConcurrentHashMap<>();
    private final PackageIndex.Pool pool = new PackageIndex.Pool();

    /** One {@code .deb} as an index or the lock names it. */
    public record DebFile(String filename, String sha256, long size) {
    }

    /**
     * @param mirror   the archive's root URL, e.g. one ending in {@code /debian}
     * @param cacheDir where checked indexes and packages are kept ({@code indexes/}, {@code debs/} below it)
     * @param snapshot where locked packages the mirror no longer serves are fetched from, or null
     */
    public DebianRepository(URI mirror, ArchiveKeys keys, Path cacheDir, URI snapshot, OkHttpClient http) {
        this(mirror, keys, cacheDir, snapshot, new Fetcher(http, ATTEMPTS, FIRST_BACKOFF));
    }

    DebianRepository(URI mirror, ArchiveKeys keys, Path cacheDir, URI snapshot, Fetcher fetcher) {
        this.mirror = mirror;
        this.keys = keys;
        this.indexes = cacheDir.resolve("indexes");
        this.debs = cacheDir.resolve("debs");
        this.snapshot = snapshot;
        this.fetcher = fetcher;
    }

    /** HTTP requests made so far, retries included: zero for a build the cache served entirely. */
    public long requests() {
        return fetcher.requests();
    }

    /** Body bytes downloaded so far, indexes and package files, retries included. */
    public long received() {
        return fetcher.received();
    }

    /**
     * The verified release of {@code suite}, fetched once per repository object.
     *
     * @throws InputException  when the mirror has no such suite
     * @throws LadingException when its signature, its content or its validity is wrong
     */
    public Release release(String suite) {
        return releases.computeIfAbsent(suite, this::fetchRelease);
    }

    private Release fetchRelease(String suite) {
        if (!suite.matches("[A-Za-z0-9][A-Za-z0-9.+_-]*")) {
            throw new InputException("not a Debian suite name: " + suite);
        }
        URI url = resolve(mirror, "dists/" + suite + "/InRelease");
        byte[] file = fetcher.bytes(url, MAX_INRELEASE, "InRelease of " + suite);
        if (file == null) {
            throw new InputException("the package mirror has no suite '" + suite + "': " + url + " is not found");
        }
        String text = SignedText.verify(file, keys, url.toString());
        return Release.parse(suite, text, url.toString(), Instant.now());
    }

    /**
     * The paragraphs of {@code component}'s index for {@code arch} (only the fields {@link PackageIndex#FIELDS}),
     * downloaded once into the cache and checked against the release. A package listed in two versions appears
     * twice. The lists of several architectures share equal paragraphs ({@code Architecture: all}) and values.
     *
     * @throws InputException  when the release has no such index
     * @throws LadingException when the index does not match the release
     */
    public List<Deb822.Paragraph> packages(Release release, String component, String arch) {
        String path = component + "/binary-" + arch + "/Packages.xz";
        Release.IndexFile file = release.file(path).orElseThrow(() -> new InputException("suite " + release.dist()
                + " has no index for architecture " + arch + " in " + component + " (no " + path
                + " in its Release)"));
        return parsed.computeIfAbsent(file.sha256(), sha -> {
            Path cached = index(release, file);
            return PackageIndex.readXz(cached, release.dist() + "/" + path, pool);
        });
    }

    private Path index(Release release, Release.IndexFile file) {
        Path target = indexes.resolve("sha256-" + file.sha256() + ".xz");
        if (cached(target, file.size())) {
            return target;
        }
        TempFiles.sweep(indexes, target.getFileName().toString());
        String dir = "dists/" + release.dist() + "/";
        String what = release.dist() + "/" + file.path();
        List<String> candidates = new ArrayList<>();
        if (release.acquireByHash()) {
            // by-hash names never change content, so a mirror mid-update cannot serve a newer index by this name
            candidates.add(dir + file.path().substring(0, file.path().lastIndexOf('/') + 1) + "by-hash/SHA256/"
                    + file.sha256());
        }
        candidates.add(dir + file.path());
        for (String candidate : candidates) {
            if (fetcher.toFile(resolve(mirror, candidate), file.size(), file.sha256(), target, what)) {
                return target;
            }
        }
        throw new LadingException(what + ": the mirror does not serve the index its Release lists ("
                + resolve(mirror, dir + file.path()) + " is not found)");
    }

    /**
     * The checked {@code .deb} {@code filename} (relative to the mirror, as an index's {@code Filename}), from the
     * cache or downloaded into it; from the snapshot archive when the mirror no longer has it.
     *
     * @throws LadingException naming the file when it is nowhere to be found or does not match
     */
    public Path deb(String filename, String sha256, long size) {
        if (!SHA256.matcher(sha256).matches()) {
            throw new InputException(filename + ": not a SHA-256: " + sha256);
        }
        if (filename.startsWith("/") || filename.contains("\\") || List.of(filename.split("/")).contains("..")
                || filename.contains("?") || filename.contains("#") || !filename.endsWith(".deb")) {
            throw new InputException("not a package file name of a Debian archive: " + filename);
        }
        Path target = debPath(debs, sha256);
        if (cached(target, size)) {
            return target;
        }
        TempFiles.sweep(debs, target.getFileName().toString());
        if (fetcher.toFile(resolve(mirror, filename), size, sha256, target, filename)) {
            return target;
        }
        if (snapshot == null) {
            throw new LadingException(filename + ": the package mirror does not serve this package file (404); "
                    + "pass --package-snapshot URL to fetch it from a snapshot archive");
        }
        if (fetcher.toFile(resolve(snapshot, filename), size, sha256, target, filename)) {
            return target;
        }
        throw new LadingException(filename + ": neither the package mirror nor the snapshot archive " + snapshot
                + " serves this package file (404)");
    }

    /** Where the package cache under {@code cacheDir} keeps the checked {@code .deb} of that SHA-256. */
    public static Path debPath(Path cacheDir, DebFile file) {
        return debPath(cacheDir.resolve("debs"), file.sha256());
    }

    private static Path debPath(Path debs, String sha256) {
        return debs.resolve("sha256-" + sha256 + ".deb");
    }

    /** The file when the package cache under {@code cacheDir} holds it. */
    public static Optional<Path> cachedDeb(Path cacheDir, DebFile file) {
        Path path = debPath(cacheDir, file);
        return cached(path, file.size()) ? Optional.of(path) : Optional.empty();
    }

    /**
     * Puts a copy of {@code checked} into the package cache under {@code cacheDir} as {@code file}. The caller has
     * checked that its SHA-256 is the file's: the cache trusts what it holds by name.
     */
    public static Path keep(Path cacheDir, DebFile file, Path checked) throws IOException {
        Path target = debPath(cacheDir, file);
        Files.createDirectories(target.getParent());
        Path temp = TempFiles.createFile(target.getParent(), target.getFileName().toString());
        try {
            Files.copy(checked, temp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        return target;
    }

    /** {@link #deb} for each file, a few at a time; the paths in the same order. */
    public List<Path> debs(List<DebFile> files) {
        if (files.size() <= 1) {
            return files.stream().map(f -> deb(f.filename(), f.sha256(), f.size())).toList();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLEL_DOWNLOADS, files.size()), task -> {
            Thread thread = new Thread(task, "lading-deb-download");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<Path>> futures = new ArrayList<>();
            for (DebFile file : files) {
                futures.add(pool.submit(() -> deb(file.filename(), file.sha256(), file.size())));
            }
            List<Path> paths = new ArrayList<>();
            for (Future<Path> future : futures) {
                paths.add(future.get());
            }
            return paths;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new LadingException("package download failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LadingException("interrupted while downloading packages");
        } finally {
            pool.shutdownNow();
        }
    }

    /** A cache entry is trusted by name and size: it was renamed there only after its hash was checked. */
    private static boolean cached(Path file, long size) {
        try {
            return Files.isRegularFile(file) && Files.size(file) == size;
        } catch (IOException e) {
            return false;
        }
    }

    private static URI resolve(URI base, String relative) {
        String root = base.toString();
        return URI.create(root.endsWith("/") ? root + relative : root + "/" + relative);
    }
}
