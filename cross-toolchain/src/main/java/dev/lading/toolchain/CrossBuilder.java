package dev.lading.toolchain;

import dev.lading.core.concurrent.Futures;
import dev.lading.core.InputException;
import dev.lading.core.LadingException;
import dev.lading.core.attest.NativeToolchain;
import dev.lading.core.cache.CacheEntry;
import dev.lading.core.cache.CacheKind;
import dev.lading.core.cache.CacheSession;
import dev.lading.core.job.ArtifactSource;
import dev.lading.core.job.BuildListener;
import dev.lading.core.job.NativeBuilder;
import dev.lading.core.job.TargetPackages;
import dev.lading.core.buildfile.Build;
import dev.lading.core.buildfile.BuildFile;
import dev.lading.core.model.Platform;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * lading's {@link NativeBuilder}: compiles the build file's {@code build:} section for every platform natively on
 * this host, with zig or with clang and the Debian cross sysroots, or against sysroots of Debian packages. Before
 * anything compiles, it checks that the host has what every platform needs and says in one error what is missing.
 * Platforms build side by side, each in its own directory under the cache, so later builds recompile only what
 * changed.
 */
public final class CrossBuilder implements NativeBuilder {
    /** Bumped when lading changes what it generates, so old build directories are not reused. */
    private static final String LAYOUT = "lading native build 1";

    /**
     * @param toolchain       {@code --toolchain}, or null for the build file's
     * @param zig             {@code --zig}, or null
     * @param sysroot         {@code --sysroot} for clang, or null for the Debian cross sysroots
     * @param cacheDirectory  where build directories and zig's cache are kept
     * @param sourceDateEpoch what the compilers and CMake take as the time of the build
     * @param threads         how many platforms, and how many compiles, run at once
     * @param environment     what discovery reads: PATH, LADING_ZIG, ZIG_GLOBAL_CACHE_DIR
     */
    public record Settings(ToolchainKind toolchain, Path zig, Path sysroot, Path cacheDirectory, long sourceDateEpoch,
                           int threads, Map<String, String> environment) {
        public Settings {
            Objects.requireNonNull(cacheDirectory, "cacheDirectory");
            cacheDirectory = cacheDirectory.toAbsolutePath().normalize();
            threads = Math.max(1, threads);
            environment = Map.copyOf(environment);
        }
    }

    private final Settings settings;

    public CrossBuilder(Settings settings) {
        this.settings = settings;
    }

    @Override
    public ArtifactSource build(BuildFile file, Path context, List<Platform> platforms,
                                TargetPackages.Prepared packages, CacheSession cache, BuildListener listener)
            throws IOException {
        Map<Platform, PackageSysroot> sysroots = new LinkedHashMap<>();
        if (packages != null) {
            platforms.forEach(platform -> sysroots.put(platform,
                    new PackageSysroot(packages.sysroot(platform), packages.glibcVersion(platform))));
        }
        return new BuiltArtifacts(build(file.build(), file.toolchain(), context, platforms, listener, sysroots,
                cache));
    }

    /**
     * Builds for each platform, checking first that the host can.
     *
     * @param toolchain the build file's {@code toolchain:} value, used unless the settings name one
     * @param context   the directory the build's paths are relative to
     */
    public List<PlatformBuild> build(Build build, String toolchain, Path context, List<Platform> platforms,
                                     BuildListener listener) throws IOException {
        return build(build, toolchain, context, platforms, listener, Map.of());
    }

    /**
     * Builds for each platform, each platform of {@code packageSysroots} against its sysroot of Debian packages:
     * clang takes it as {@code --sysroot}, zig as the place of the packages' headers and libraries, CMake as its
     * find root, and pkg-config reads its {@code .pc} files.
     *
     * @param packageSysroots the sysroots of the platforms whose build uses packages; others build without one
     */
    public List<PlatformBuild> build(Build build, String toolchain, Path context, List<Platform> platforms,
                                     BuildListener listener, Map<Platform, PackageSysroot> packageSysroots)
            throws IOException {
        return build(build, toolchain, context, platforms, listener, packageSysroots, CacheSession.disabled());
    }

    /**
     * As {@link #build(Build, String, Path, List, BuildListener, Map)}, with a compile cache: compiles whose
     * entries the session has are restored rather than run, and those that run are kept in it. With zig, the
     * session's entries of zig's cache are put into it first, and what zig added is kept when the session exports.
     */
    public List<PlatformBuild> build(Build build, String toolchain, Path context, List<Platform> platforms,
                                     BuildListener listener, Map<Platform, PackageSysroot> packageSysroots,
                                     CacheSession cache) throws IOException {
        ToolchainKind kind = settings.toolchain() != null ? settings.toolchain()
                : ToolchainKind.parse(toolchain, "toolchain:");
        if (settings.sysroot() != null && !packageSysroots.isEmpty()) {
            throw new InputException("--sysroot " + settings.sysroot() + " and packages: both name the platforms'"
                    + " sysroot; drop --sysroot to build against the packages");
        }
        packageSysroots.forEach((platform, sysroot) -> {
            if (!Files.isDirectory(sysroot.root())) {
                throw new LadingException("the package sysroot of " + platform + " is missing: " + sysroot.root());
            }
        });
        SearchPath path = SearchPath.of(settings.environment());
        Project project = Project.of(build, context, path);
        Toolchain chosen = Toolchains.find(kind, settings.zig(), settings.sysroot(),
                settings.cacheDirectory().resolve("zig"), settings.environment()).withPackages(packageSysroots);
        Path pkgConfig = path.find("pkg-config").or(() -> path.find("pkgconf")).orElse(null);
        CompileCache compileCache = compileCache(cache, chosen, listener);
        Map<ToolchainTarget, BuildDirectory> directories = new LinkedHashMap<>();
        for (Platform platform : platforms) {
            ToolchainTarget target = ToolchainTargets.of(platform);
            directories.put(target, BuildDirectory.of(settings.cacheDirectory(), project.sourceDirectory(), platform,
                    identity(chosen, target, project, pkgConfig)));
        }
        ExecutorService platformPool = pool("lading-platform", Math.min(platforms.size(), settings.threads()));
        ExecutorService compiles = pool("lading-compile", settings.threads());
        CompileServer server = compileCache.isEnabled() && project instanceof CMakeProject ? compileServer(listener)
                : null;
        try {
            Toolchain.Shortfall host = project.shortfall();
            if (project instanceof CMakeProject && !packageSysroots.isEmpty() && pkgConfig == null) {
                List<String> missing = new ArrayList<>(host.missing());
                missing.add("pkg-config, which finds the packages' libraries for CMake's pkg_check_modules");
                List<String> packages = new ArrayList<>(host.packages());
                packages.add("pkgconf");
                host = new Toolchain.Shortfall(missing, packages);
            }
            checkHost(chosen, host, project.needs(), directories, platformPool);
            ZigCacheEntries zigCache = compileCache.isEnabled() && chosen instanceof ZigToolchain zig
                    ? ZigCacheEntries.restore(cache, zig, compileCache.compiler(), compileCache::warn) : null;
            Map<ToolchainTarget, Future<PlatformBuild>> running = new LinkedHashMap<>();
            directories.forEach((target, directory) -> running.put(target, platformPool.submit(
                    () -> buildPlatform(target, chosen, project, context, directory, pkgConfig, compiles,
                            compileCache, server, listener))));
            List<PlatformBuild> built = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            for (Map.Entry<ToolchainTarget, Future<PlatformBuild>> entry : running.entrySet()) {
                try {
                    built.add(Futures.await(entry.getValue(), CompileFailure.class));
                } catch (CompileFailure failure) {
                    Optional<String> refused = refusal(chosen, entry.getKey(), failure);
                    if (refused.isPresent()) {
                        throw new InputException(entry.getKey().platform() + ": " + refused.get());
                    }
                    failures.add(report(entry.getKey(), chosen, directories.get(entry.getKey()), failure));
                }
            }
            compileCache.report();
            if (!failures.isEmpty()) {
                throw new LadingException("native build failed for " + failures.size() + " of " + platforms.size()
                        + (platforms.size() == 1 ? " platform" : " platforms") + ":\n" + String.join("\n", failures));
            }
            if (zigCache != null) {
                zigCache.keepNew(compileCache::warn);
            }
            return built;
        } finally {
            platformPool.shutdownNow();
            compiles.shutdownNow();
            if (server != null) {
                server.close();
            }
        }
    }

    /**
     * zig's cache entries are of no use to a build the settings or the build file give to clang, CMake's detection
     * to a build without CMake.
     */
    @Override
    public boolean uses(CacheEntry entry, BuildFile file) {
        if (entry.is(CacheKind.CMAKE)) {
            return file.build().cmake() != null;
        }
        if (!entry.is(CacheKind.ZIG)) {
            return true;
        }
        ToolchainKind kind = settings.toolchain() != null ? settings.toolchain()
                : ToolchainKind.parse(file.toolchain(), "toolchain:");
        return kind != ToolchainKind.CLANG;
    }

    /** The build's compile cache; one that always compiles when the session is off or the compiler unreadable. */
    private CompileCache compileCache(CacheSession cache, Toolchain toolchain, BuildListener listener) {
        if (!cache.isEnabled()) {
            return CompileCache.disabled();
        }
        try {
            return new CompileCache(cache, CompilerIdentity.of(toolchain, settings.cacheDirectory()), listener);
        } catch (IOException e) {
            listener.cacheWarning("compile cache: cannot tell which compiler " + toolchain.name() + " is: "
                    + e.getMessage() + "; compiling without the cache");
            return CompileCache.disabled();
        }
    }

    /** The server of the compiles Ninja runs; none (they compile by themselves) when it cannot listen. */
    private static CompileServer compileServer(BuildListener listener) {
        try {
            return CompileServer.start();
        } catch (IOException e) {
            listener.cacheWarning("compile cache: cannot listen on the loopback interface (" + e.getMessage()
                    + "); CMake's compiles run without the cache");
            return null;
        }
    }

    private String identity(Toolchain toolchain, ToolchainTarget target, Project project, Path pkgConfig) {
        String packages = toolchain.packages(target).map(sysroot -> "packages " + sysroot.root() + " glibc "
                + sysroot.glibcVersion() + " pkg-config " + pkgConfig).orElse("no packages");
        return String.join("\n", LAYOUT, toolchain.identity(), String.join(" ", toolchain.targetFlags(target)),
                String.join(" ", toolchain.linkFlags(target)), String.join(" ", toolchain.executableFlags(target)),
                String.join(" ", toolchain.linkFlagsWithoutDebugInfo()),
                "SOURCE_DATE_EPOCH=" + settings.sourceDateEpoch(), project.identity(), packages);
    }

    /** A refusal a wrapper script announced (see {@link Toolchain#refusal}): bad input, not a failed build. */
    private static Optional<String> refusal(Toolchain toolchain, ToolchainTarget target, CompileFailure failure) {
        for (Language language : Language.values()) {
            Optional<String> refusal = toolchain.refusal(target, language);
            if (refusal.isPresent() && failure.says(Wrappers.REFUSAL + refusal.get())) {
                return refusal;
            }
        }
        return Optional.empty();
    }

    /** One error for everything the host lacks, on every platform that was not checked before. */
    private void checkHost(Toolchain toolchain, Toolchain.Shortfall host, Toolchain.Needs needs,
                           Map<ToolchainTarget, BuildDirectory> directories, ExecutorService pool) throws IOException {
        Map<ToolchainTarget, Future<Toolchain.Shortfall>> checks = new LinkedHashMap<>();
        directories.forEach((target, directory) -> {
            if (!Files.exists(directory.checked())) {
                checks.put(target, pool.submit(() -> toolchain.shortfall(target, needs)));
            }
        });
        List<String> missing = new ArrayList<>();
        Set<String> packages = new LinkedHashSet<>();
        host.missing().forEach(what -> missing.add("  missing " + what));
        packages.addAll(host.packages());
        for (Map.Entry<ToolchainTarget, Future<Toolchain.Shortfall>> check : checks.entrySet()) {
            Toolchain.Shortfall shortfall;
            try {
                shortfall = Futures.await(check.getValue(), CompileFailure.class);
            } catch (CompileFailure impossible) {
                throw new IllegalStateException(impossible);
            }
            if (!shortfall.isEmpty()) {
                missing.add("  " + check.getKey().platform() + ": missing " + String.join("; ", shortfall.missing()));
                packages.addAll(shortfall.packages());
            }
        }
        if (!missing.isEmpty()) {
            throw new LadingException("cannot build the native code with " + toolchain.name() + " on this host:\n"
                    + String.join("\n", missing) + (packages.isEmpty() ? ""
                    : "\ninstall what is missing: apt-get install " + String.join(" ", packages))
                    + (toolchain.kind() == ToolchainKind.CLANG
                    ? "\nor build with zig, which brings every target's libc: " + Toolchains.HOW_TO_GET_ZIG : ""));
        }
        for (ToolchainTarget target : checks.keySet()) {
            Path checked = directories.get(target).checked();
            Files.createDirectories(checked.getParent());
            Files.writeString(checked, toolchain.identity() + "\n");
        }
    }

    private PlatformBuild buildPlatform(ToolchainTarget target, Toolchain toolchain, Project project, Path context,
                                        BuildDirectory directory, Path pkgConfig, ExecutorService compiles,
                                        CompileCache compileCache, CompileServer server, BuildListener listener)
            throws IOException, CompileFailure {
        long started = System.nanoTime();
        Files.createDirectories(directory.root());
        try (FileChannel channel = FileChannel.open(directory.lock(), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock ignored = channel.lock()) {
            Files.deleteIfExists(directory.log());
            Map<String, String> environment = Map.of("SOURCE_DATE_EPOCH", String.valueOf(settings.sourceDateEpoch()));
            // Paths of the source and build directories must not reach the outputs: two checkouts, same bytes.
            List<String> prefixMaps = new ArrayList<>(List.of("-ffile-prefix-map=" + project.sourceDirectory() + "=.",
                    "-ffile-prefix-map=" + directory.root() + "=."));
            // the packages' headers are named as the image has them, /usr/include/..., wherever the sysroot is kept
            toolchain.packages(target)
                    .ifPresent(sysroot -> prefixMaps.add("-ffile-prefix-map=" + sysroot.root() + "="));
            Wrappers wrappers = Wrappers.write(directory.tools(), toolchain, target, prefixMaps, environment,
                    pkgConfig);
            CompileCache.Scope cache = compileCache.scope(target.platform(), CompileCache.Roots.of(
                    project.sourceDirectory(), directory.root(), toolchain.packages(target).map(PackageSysroot::root),
                    toolchain instanceof ZigToolchain zig ? Optional.of(zig.cache()) : Optional.empty()));
            List<String> steps = project.build(new PlatformSetup(target, toolchain, directory, wrappers, environment,
                    settings.threads(), compiles, cache, server));
            cache.keepCurrent(directory.root());
            PlatformBuild built = new PlatformBuild(target.platform(), directory.output(),
                    toolchain.description(target), facts(toolchain, target, project, context, directory), steps,
                    cache.hits(), Duration.ofNanos(System.nanoTime() - started));
            listener.nativeBuilt(built.platform(), built.toolchain(), built.detail(), built.took());
            return built;
        }
    }

    /**
     * What the attestations say compiled the platform. The prefix maps of {@link #buildPlatform} are left out:
     * they only keep this machine's paths out of the outputs, and would put them into the attestations. So is
     * where the package sysroot is kept: the flags name it {@code <packages>}, whose content the lock names.
     */
    private static NativeToolchain facts(Toolchain toolchain, ToolchainTarget target, Project project, Path context,
                                         BuildDirectory directory) throws IOException {
        List<String> linkFlags = new ArrayList<>(toolchain.linkFlags(target));
        linkFlags.addAll(toolchain.executableFlags(target));
        linkFlags.addAll(toolchain.linkFlagsWithoutDebugInfo());
        Path root = context.toAbsolutePath().normalize();
        List<Path> sources = project.sources(directory).stream().map(root::relativize).toList();
        Optional<String> sysroot = toolchain.packages(target).map(packages -> packages.root().toString());
        UnaryOperator<List<String>> anywhere = flags -> sysroot.map(path -> flags.stream()
                .map(flag -> flag.replace(path, "<packages>")).toList()).orElse(flags);
        return new NativeToolchain(toolchain.kind().toString(), toolchain.version(), toolchain.triple(target),
                anywhere.apply(toolchain.targetFlags(target)), anywhere.apply(linkFlags), sources);
    }

    private static String report(ToolchainTarget target, Toolchain toolchain, BuildDirectory directory, CompileFailure failure) {
        StringBuilder text = new StringBuilder(target.platform().toString()).append(" (")
                .append(toolchain.description(target)).append("): ").append(failure.getMessage()).append('\n');
        failure.excerpt().forEach(line -> text.append("    ").append(line).append('\n'));
        return text.append("  full log: ").append(directory.log()).toString();
    }

    private static ExecutorService pool(String name, int size) {
        AtomicInteger count = new AtomicInteger();
        return Executors.newFixedThreadPool(size, runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }
}
