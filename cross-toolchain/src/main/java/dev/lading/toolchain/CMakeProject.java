package dev.lading.toolchain;

import dev.lading.core.buildfile.CMake;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A CMake project, configured once per platform with the platform's toolchain file and then built incrementally by
 * Ninja (else make). It is configured again only when the configure command changes (new defines, a new toolchain
 * file path); changes to CMakeLists.txt are the generator's to notice.
 *
 * @param cmake     null when the host has no cmake
 * @param generator {@code Ninja} or {@code Unix Makefiles}, null when the host has neither
 * @param make      the generator's program
 */
record CMakeProject(CMake spec, Path sourceDirectory, Path cmake, String generator, Path make) implements Project {
    /** A step line: {@code [3/12] Building ...} from Ninja, {@code [ 50%] Building ...} from make. */
    private static final Pattern STEP = Pattern.compile("^\\[\\s*\\d+(?:/\\d+|%)\\] (?!Built target)(.*)$",
            Pattern.MULTILINE);

    static CMakeProject of(CMake spec, Path context, SearchPath path) {
        Path source = context.resolve(spec.source()).toAbsolutePath().normalize();
        if (!Files.isRegularFile(source.resolve("CMakeLists.txt"))) {
            throw spec.origin().error("source '" + spec.source() + "' has no CMakeLists.txt (looked in " + source + ")");
        }
        Path ninja = path.find("ninja").orElse(null);
        Path make = ninja != null ? ninja : path.find("make").orElse(null);
        String generator = ninja != null ? "Ninja" : make != null ? "Unix Makefiles" : null;
        return new CMakeProject(spec, source, path.find("cmake").orElse(null), generator, make);
    }

    @Override
    public Toolchain.Needs needs() {
        return new Toolchain.Needs(true, true);
    }

    @Override
    public Toolchain.Shortfall shortfall() {
        List<String> missing = new ArrayList<>();
        List<String> packages = new ArrayList<>();
        if (cmake == null) {
            missing.add("cmake, for the build file's cmake: project");
            packages.add("cmake");
        }
        if (generator == null) {
            missing.add("ninja or make, which run CMake's builds");
            packages.add("ninja-build");
        }
        return new Toolchain.Shortfall(missing, packages);
    }

    @Override
    public String identity() {
        return "cmake " + cmake + " " + generator;
    }

    /**
     * The files the compiler read below the source directory, as its depfiles name them: the sources and the
     * project's headers, not every file of the folder (the build file, a config file the image copies). Ninja
     * moves depfiles into its log and deletes them, so they are read back with {@code ninja -t deps}; make leaves
     * them beside the objects ({@code *.o.d}).
     */
    @Override
    public List<Path> sources(BuildDirectory directory) throws IOException {
        Path binary = directory.output();
        List<Path> read = new ArrayList<>();
        if ("Ninja".equals(generator)) {
            Commands.Outcome deps = Commands.run(List.of(make.toString(), "-C", binary.toString(), "-t", "deps"),
                    binary, Map.of());
            if (!deps.ok()) {
                throw new IOException("ninja -t deps in " + binary + " failed: " + deps.output());
            }
            deps.output().lines().filter(line -> line.startsWith("    "))
                    .forEach(line -> read.add(binary.resolve(line.strip()).normalize()));
        } else {
            try (Stream<Path> files = Files.walk(binary)) {
                for (Path depfile : files.filter(file -> file.toString().endsWith(".o.d")).toList()) {
                    read.addAll(DepFile.prerequisites(Files.readString(depfile), binary));
                }
            }
        }
        // headers elsewhere are the toolchain's and the system's; files generated into the build directory are not sources
        return read.stream().filter(file -> file.startsWith(sourceDirectory) && !file.startsWith(binary))
                .filter(Files::isRegularFile).distinct().sorted().toList();
    }

    @Override
    public List<String> build(PlatformSetup setup) throws IOException, CompileFailure {
        List<String> ran = new ArrayList<>();
        if (configure(setup)) {
            ran.add("configure");
        }
        Path binary = setup.directory().output();
        List<String> build = new ArrayList<>(List.of(cmake.toString(), "--build", binary.toString(),
                "--parallel", String.valueOf(setup.jobs())));
        if (!spec.targets().isEmpty()) {
            build.add("--target");
            build.addAll(spec.targets());
        }
        // The load limit keeps platforms built side by side from each starting a full set of jobs.
        build.addAll(List.of("--", "-l", String.valueOf(setup.jobs())));
        Commands.Outcome outcome;
        // only the build's compiles: the configure checks' scratch projects would only fill the cache
        try (CompileServer.Serving serving = setup.serveCompiles()) {
            outcome = setup.run(build, binary);
        }
        if (!outcome.ok()) {
            throw new CompileFailure("building the CMake project", outcome.output());
        }
        Matcher step = STEP.matcher(outcome.output());
        while (step.find()) {
            ran.add(step.group(1).strip());
        }
        return ran;
    }

    /** Configures the binary directory unless the same configure command already did; true when it ran. */
    private boolean configure(PlatformSetup setup) throws IOException, CompileFailure {
        Path binary = setup.directory().output();
        Path toolchainFile = setup.directory().tools().resolve("toolchain.cmake");
        BuildDirectory.writeIfChanged(toolchainFile,
                CMakeToolchainFile.text(setup.toolchain(), setup.target(), setup.wrappers()), false);
        List<String> configure = new ArrayList<>(List.of(cmake.toString(), "-S", sourceDirectory.toString(),
                "-B", binary.toString(), "-G", generator, "-DCMAKE_MAKE_PROGRAM=" + make,
                "-DCMAKE_TOOLCHAIN_FILE=" + toolchainFile));
        spec.defines().forEach((name, value) -> configure.add("-D" + name + "=" + value));

        Path configured = setup.directory().root().resolve("configured");
        String stamp = String.join("\n", configure);
        Path cache = binary.resolve("CMakeCache.txt");
        if (Files.isRegularFile(cache) && Files.isRegularFile(configured)
                && Files.readString(configured, StandardCharsets.UTF_8).equals(stamp)) {
            CMakeDetection.keepCurrent(setup);
            return false;
        }
        // A fresh cache: a define removed from the build file must not linger in the old one.
        Files.deleteIfExists(cache);
        Files.deleteIfExists(configured);
        Files.createDirectories(binary);
        Optional<CMakeDetection> detection = CMakeDetection.of(setup, cmake, generator, sourceDirectory,
                spec.defines());
        boolean restored = false;
        if (detection.isPresent()) {
            restored = detection.get().restore();
        } else {
            CMakeDetection.forget(setup.directory());
        }
        Commands.Outcome outcome = setup.run(configure, binary);
        if (!outcome.ok() && restored) {
            // a detection from the cache is never a reason to fail: CMake detects for itself and configures again
            detection.get().failed();
            Files.deleteIfExists(cache);
            restored = false;
            outcome = setup.run(configure, binary);
        }
        if (!outcome.ok()) {
            throw new CompileFailure("configuring the CMake project", outcome.output());
        }
        if (detection.isPresent() && !restored) {
            detection.get().keep(binary);
        }
        Files.writeString(configured, stamp, StandardCharsets.UTF_8);
        return true;
    }
}
