package dev.lading.toolchain.packages;

import dev.lading.core.cache.CacheArtifact;
import dev.lading.core.cache.CacheEntry;
import dev.lading.core.cache.CacheKind;
import dev.lading.core.cache.CacheListener;
import dev.lading.core.cache.CacheSession;
import dev.lading.core.InputException;
import dev.lading.core.attest.InstalledPackage;
import dev.lading.core.job.BuildListener;
import dev.lading.core.job.TargetPackages;
import dev.lading.core.buildfile.Packages;
import dev.lading.core.layer.LayerTree;
import dev.lading.core.model.Platform;
import dev.lading.core.platform.Target;
import dev.lading.core.platform.Targets;
import dev.lading.toolchain.ToolchainTarget;
import dev.lading.toolchain.ToolchainTargets;
import dev.lading.toolchain.packages.LockFile.LockedPackage;
import dev.lading.toolchain.packages.LockFile.PlatformLock;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import okhttp3.OkHttpClient;

/**
 * lading's {@link TargetPackages}: Debian packages of each platform's own architecture. The lock beside the build
 * file pins them; with it and the package cache nothing is fetched, not even the mirror's {@code InRelease}, since
 * the repository is only opened when something is missing. Sysroots and runtime trees are kept under the cache by
 * the hash of the packages they hold, so an unchanged lock costs one directory lookup per platform.
 */
public final class DebianPackages implements TargetPackages {
    /** The sysroot of every platform: its C library, GCC's runtime and C++ library, and the kernel headers. */
    private static final List<String> SYSROOT_BASE = List.of("libc6-dev", "linux-libc-dev");
    /** Reads manifests of sysroots that are already there, two at a time (as many as the machines have cores). */
    private static final ExecutorService READERS = Executors.newFixedThreadPool(2, task -> {
        Thread thread = new Thread(task, "lading-sysroot-read");
        thread.setDaemon(true);
        return thread;
    });
    /** Bumped when what lading makes of the packages changes, so older sysroots and trees are not reused. */
    private static final String LAYOUT = "2";

    /**
     * @param mirror         {@code --package-mirror}, or null
     * @param keyring        {@code --package-keyring}, or null
     * @param snapshot       {@code --package-snapshot}, or null
     * @param cacheDirectory where indexes, package files, sysroots and runtime trees are kept
     * @param environment    where {@code LADING_PACKAGE_MIRROR} is looked up
     * @param etcApt         the host's apt configuration, whose sources name the default mirror
     */
    public record Settings(String mirror, Path keyring, String snapshot, Path cacheDirectory,
                           Map<String, String> environment, Path etcApt) {
        public Settings {
            cacheDirectory = cacheDirectory.toAbsolutePath().normalize();
            environment = Map.copyOf(environment);
        }
    }

    /** What {@code lading lock} reports: the file, whether it changed, and per platform how many packages. */
    public record Locked(Path file, boolean written, LockFile lock) {
    }

    private final Settings settings;
    private DebianRepository repository;

    public DebianPackages(Settings settings) {
        this.settings = settings;
    }

    /**
     * The lock of {@code platforms}: the one beside the build file when it was made from these package lists and
     * covers them, else (or with {@code update}) a new resolution, written there.
     */
    public synchronized Locked lock(Packages spec, Path buildFile, List<Platform> platforms, boolean update,
                                    BuildListener listener) throws IOException {
        Path file = buildFile.toAbsolutePath().normalize().resolveSibling(LockFile.FILE_NAME);
        String inputs = LockFile.inputsHash(spec.buildRequests(), spec.namedRuntime());
        LockFile existing = !update && Files.isRegularFile(file) ? LockFile.read(file) : null;
        boolean current = existing != null && existing.matches(spec.distribution().value(), inputs);
        List<PlatformLock> locks = new ArrayList<>();
        List<Platform> missing = new ArrayList<>();
        if (current) {
            locks.addAll(existing.platforms());
            platforms.stream().filter(p -> existing.platform(p).isEmpty()).forEach(missing::add);
        } else {
            missing.addAll(platforms);
        }
        if (missing.isEmpty()) {
            return new Locked(file, false, existing);
        }
        Release release = repository().release(spec.suite());
        for (Platform platform : missing) {
            long started = System.nanoTime();
            long received = repository().received();
            PlatformLock resolved = resolve(release, spec, platform);
            locks.add(resolved);
            listener.packagesPrepared(platform, "resolved " + (resolved.build().size() + resolved.runtime().size())
                    + " packages (" + megabytes(repository().received() - received) + " of index fetched)",
                    Duration.ofNanos(System.nanoTime() - started));
        }
        LockFile lock = new LockFile(spec.distribution().value(), inputs, locks);
        lock.write(file);
        return new Locked(file, true, lock);
    }

    private PlatformLock resolve(Release release, Packages spec, Platform platform) {
        ToolchainTarget target = ToolchainTargets.of(platform);
        PackageUniverse universe = PackageUniverse.of(target.debianArch(),
                repository().packages(release, "main", target.debianArch()));
        String gcc = gccVersion(universe, spec);
        List<String> requests = new ArrayList<>(SYSROOT_BASE);
        requests.add("libgcc-" + gcc + "-dev");
        requests.add("libstdc++-" + gcc + "-dev");
        requests.addAll(spec.buildRequests());
        Resolution build = Resolver.resolve(requests, universe);
        List<LockedPackage> runtime = new ArrayList<>();
        if (!spec.namedRuntime().isEmpty()) {
            // named runtime packages go into the image as they are: their Depends are the user's to name
            Resolution named = Resolver.resolve(spec.namedRuntime(), universe);
            Set<String> names = new LinkedHashSet<>();
            spec.namedRuntime().forEach(request -> names.add(request.split("=", 2)[0]));
            named.packages().stream().filter(p -> names.contains(p.name())).map(LockedPackage::of)
                    .forEach(runtime::add);
        }
        return new PlatformLock(platform, target.debianArch(),
                build.packages().stream().map(LockedPackage::of).toList(), runtime);
    }

    /**
     * The GCC whose runtime the suite's own libraries are built with: the source of {@code libgcc-s1}, e.g.
     * {@code gcc-14}. Its {@code -dev} packages are the ones the suite's C++ libraries link with.
     */
    private static String gccVersion(PackageUniverse universe, Packages spec) {
        List<PackageRecord> libgcc = universe.versions("libgcc-s1");
        if (libgcc.isEmpty()) {
            throw spec.distribution().error(spec.distribution().value() + " has no libgcc-s1 for "
                    + universe.architecture() + ", so lading cannot tell which GCC its C++ library belongs to");
        }
        String source = libgcc.get(0).source();
        if (!source.matches("gcc-\\d+")) {
            throw spec.distribution().error("libgcc-s1 of " + spec.distribution().value() + " comes from " + source
                    + ", not from a gcc-N source");
        }
        return source.substring("gcc-".length());
    }

    @Override
    public Prepared prepare(Packages spec, Path buildFile, List<Platform> platforms, CacheSession cache,
                            BuildListener listener) throws IOException {
        // the first platform's time includes reading the lock
        long started = System.nanoTime();
        LockFile lock = lock(spec, buildFile, platforms, false, listener).lock();
        Map<Platform, Loaded> sysroots = new LinkedHashMap<>();
        for (Platform platform : platforms) {
            if (platform != platforms.get(0)) {
                started = System.nanoTime();
            }
            List<LockedPackage> packages = lock.build(platform);
            Path directory = settings.cacheDirectory().resolve("sysroots")
                    .resolve(ToolchainTargets.of(platform).debianArch() + "-" + hash(packages));
            if (Files.isDirectory(directory)) {
                // what it holds is only needed for the runtime layer: read while the native build runs
                sysroots.put(platform, new Loaded(directory, CompletableFuture.supplyAsync(
                        () -> new Sysroot(UnpackedDebs.read(directory)), READERS)));
                listener.packagesPrepared(platform, packages.size() + " packages, sysroot up to date",
                        Duration.ofNanos(System.nanoTime() - started));
                continue;
            }
            long received = repository().received();
            List<Path> debs = fetch(packages, cache, listener);
            long fetched = System.nanoTime();
            sysroots.put(platform, new Loaded(directory,
                    CompletableFuture.completedFuture(Sysroot.assemble(debs, directory))));
            listener.packagesPrepared(platform, packages.size() + " packages, " + megabytes(repository().received()
                    - received) + " downloaded in " + seconds(fetched - started) + ", sysroot unpacked in "
                    + seconds(System.nanoTime() - fetched), Duration.ofNanos(System.nanoTime() - started));
        }
        for (Platform platform : platforms) {
            keep(platform, lock.build(platform), cache, listener);
            keep(platform, lock.runtime(platform), cache, listener);
        }
        return new DebianPrepared(spec, lock, sysroots, cache, listener);
    }

    /** A sysroot on disk, and what it holds once its manifest is read. */
    private record Loaded(Path directory, CompletableFuture<Sysroot> contents) {
        Sysroot get() {
            try {
                return contents.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
            }
        }
    }

    private final class DebianPrepared implements Prepared {
        private final Packages spec;
        private final LockFile lock;
        private final Map<Platform, Loaded> sysroots;
        private final CacheSession cache;
        private final BuildListener listener;

        DebianPrepared(Packages spec, LockFile lock, Map<Platform, Loaded> sysroots, CacheSession cache,
                       BuildListener listener) {
            this.spec = spec;
            this.lock = lock;
            this.sysroots = sysroots;
            this.cache = cache;
            this.listener = listener;
        }

        @Override
        public Path sysroot(Platform platform) {
            return sysroots.get(platform).directory().resolve(UnpackedDebs.ROOT);
        }

        @Override
        public String glibcVersion(Platform platform) {
            LockedPackage libc = lock.build(platform).stream().filter(p -> p.name().equals("libc6")).findFirst()
                    .orElseThrow(() -> new InputException(LockFile.FILE_NAME + " has no libc6 for " + platform));
            String upstream = libc.version().upstream();
            String[] parts = upstream.split("\\.");
            return parts[0] + "." + parts[1].replaceAll("\\D.*", "");
        }

        /** @param name a library's file name, or a loader's absolute path as PT_INTERP gives it */
        @Override
        public Optional<String> provider(Platform platform, String name) {
            Sysroot sysroot = sysroots.get(platform).get();
            if (name.startsWith("/")) {
                // merged /usr: a package's lib/x is recorded as usr/lib/x
                String path = name.substring(1);
                return Optional.ofNullable(sysroot.owners().get(path))
                        .or(() -> Optional.ofNullable(sysroot.owners().get("usr/" + path)));
            }
            return sysroot.ownerOf(name, libraryDirectories(Targets.of(platform)));
        }

        @Override
        public Runtime runtime(Platform platform, Set<String> needed) throws IOException {
            long started = System.nanoTime();
            Sysroot sysroot = sysroots.get(platform).get();
            Set<String> chosen = new LinkedHashSet<>();
            if (spec.autoRuntime()) {
                for (String soname : needed) {
                    provider(platform, soname).ifPresent(chosen::add);
                }
            }
            List<LockedPackage> packages = new ArrayList<>(RuntimeClosure.withDepends(chosen, sysroot, lock.build(platform)));
            packages.addAll(lock.runtime(platform));
            if (packages.isEmpty()) {
                return new Runtime(LayerTree.builder().build(), List.of(), List.of());
            }
            Path directory = settings.cacheDirectory().resolve("runtime")
                    .resolve(ToolchainTargets.of(platform).debianArch() + "-" + hash(packages));
            boolean reused = Files.isDirectory(directory);
            RuntimeLayer.Result layer = RuntimeLayer.build(reused ? List.of() : fetch(packages, cache, listener),
                    directory);
            if (!reused) {
                keep(platform, packages, cache, listener);
            }
            listener.packagesPrepared(platform, "runtime layer of " + packages.size() + " packages"
                    + (reused ? ", up to date" : ", unpacked"), Duration.ofNanos(System.nanoTime() - started));
            List<InstalledPackage> installed = packages.stream().map(p -> new InstalledPackage(p.name(),
                    p.version().toString(), p.architecture(), p.sha256(), lock.distribution())).toList();
            return new Runtime(layer.tree(), installed, layer.warnings());
        }
    }

    /** Where Debian's loader looks, as paths relative to the root: the multiarch directories, then the plain ones. */
    static List<String> libraryDirectories(Target target) {
        return List.of("usr/lib/" + target.multiarch(), "lib/" + target.multiarch(), "usr/lib", "lib");
    }

    /**
     * The package files, from the package cache; those it lacks come from the build cache's entries when they are
     * there and intact (a fresh runner with a {@code --cache-from}), the others from the repository.
     */
    private List<Path> fetch(List<LockedPackage> packages, CacheSession cache, CacheListener listener) {
        List<DebianRepository.DebFile> files = packages.stream().map(DebianPackages::file).toList();
        for (DebianRepository.DebFile file : files) {
            List<CacheEntry> entries = cache.candidates(CacheKind.PACKAGE, file.sha256()).stream()
                    .filter(entry -> holds(entry, file)).toList();
            if (entries.isEmpty() || DebianRepository.cachedDeb(settings.cacheDirectory(), file).isPresent()) {
                continue;
            }
            try {
                for (CacheEntry entry : entries) {
                    Optional<Path> blob = cache.blob(entry);
                    if (blob.isPresent()) {
                        DebianRepository.keep(settings.cacheDirectory(), file, blob.get());
                        cache.used(entry);
                        break;
                    }
                }
            } catch (IOException e) {
                listener.cacheWarning("cannot restore " + file.filename() + " from the build cache: "
                        + e.getMessage() + "; downloading it");
            }
        }
        return repository().debs(files);
    }

    /**
     * Makes the package files the build used entries of the build cache, for a {@code --cache-to}; those it holds
     * already are only marked as used. A file of {@code Architecture: all} serves every platform.
     */
    private void keep(Platform platform, List<LockedPackage> packages, CacheSession cache, CacheListener listener) {
        if (!cache.exports()) {
            return;
        }
        for (LockedPackage locked : packages) {
            DebianRepository.DebFile file = file(locked);
            Optional<CacheEntry> there = cache.candidates(CacheKind.PACKAGE, file.sha256()).stream()
                    .filter(entry -> holds(entry, file)).findFirst();
            if (there.isPresent()) {
                cache.used(there.get());
                continue;
            }
            Optional<Path> deb = DebianRepository.cachedDeb(settings.cacheDirectory(), file);
            if (deb.isEmpty()) {
                // the sysroot was there already and the file is gone from the package cache: nothing to keep
                continue;
            }
            try {
                cache.put(CacheKind.PACKAGE, file.sha256(), locked.architecture().equals("all") ? null
                        : platform.toString(), CacheArtifact.PACKAGE_TYPE, out -> Files.copy(deb.get(), out));
            } catch (IOException e) {
                listener.cacheWarning("cannot keep " + file.filename() + " in the build cache: " + e.getMessage());
                return;
            }
        }
    }

    /** Whether the entry's blob is the file: the key is only what the entry claims, the digest is what it holds. */
    private static boolean holds(CacheEntry entry, DebianRepository.DebFile file) {
        return entry.blob().digest().algorithm().equals("sha256") && entry.blob().digest().hex().equals(file.sha256())
                && entry.blob().size() == file.size();
    }

    private static DebianRepository.DebFile file(LockedPackage locked) {
        return new DebianRepository.DebFile(locked.filename(), locked.sha256(), locked.size());
    }

    /** Opened on first need: a build whose lock and cache have everything reads no apt sources and no network. */
    private synchronized DebianRepository repository() {
        if (repository == null) {
            URI mirror = PackageMirror.discover(settings.mirror(), settings.environment(), settings.etcApt());
            ArchiveKeys keys = settings.keyring() == null ? ArchiveKeys.shipped()
                    : ArchiveKeys.shipped().withKeyring(settings.keyring());
            URI snapshot = settings.snapshot() == null ? null : URI.create(settings.snapshot());
            repository = new DebianRepository(mirror, keys, settings.cacheDirectory(), snapshot, new OkHttpClient());
        }
        return repository;
    }

    private static String megabytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    private static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.2f s", nanos / 1e9);
    }

    /** Names a tree by the exact package files it is made of. */
    private static String hash(List<LockedPackage> packages) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update((LAYOUT + "\n").getBytes(StandardCharsets.UTF_8));
            packages.forEach(p -> sha256.update((p.sha256() + "\n").getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(sha256.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
