package dev.lading.toolchain;

import dev.lading.core.concurrent.Futures;
import dev.lading.core.buildfile.Executable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Future;

/**
 * Executables compiled from a list of sources without CMake: one object per source, compiled in parallel on the
 * shared compile pool, then one link. A step runs only when its command line, its inputs (a source and the headers
 * its depfile names; a link's objects) or its output changed; see {@link StepRecord}.
 */
record SourcesProject(List<Program> programs, Path sourceDirectory) implements Project {
    SourcesProject {
        programs = List.copyOf(programs);
    }

    /** An executable of the build file with its sources resolved. */
    record Program(Executable spec, List<Source> sources) {
        Program {
            sources = List.copyOf(sources);
        }

        Language linkLanguage() {
            return sources.stream().anyMatch(s -> s.language() == Language.CXX) ? Language.CXX : Language.C;
        }
    }

    /** @param name as written in the build file */
    record Source(String name, Path file, Language language) {
        /** Where the object goes below the program's object directory: the source's path, kept inside. */
        Path objectPath() {
            List<String> parts = new ArrayList<>();
            Path normal = Path.of(name).normalize();
            normal.forEach(part -> parts.add(part.toString().equals("..") ? "__" : part.toString()));
            return Path.of(String.join("/", parts) + ".o");
        }
    }

    static SourcesProject of(List<Executable> executables, Path context) {
        Path directory = context.toAbsolutePath().normalize();
        List<Program> programs = new ArrayList<>();
        for (Executable executable : executables) {
            List<Source> sources = new ArrayList<>();
            for (String name : executable.sources()) {
                Language language = Language.ofSource(name).orElseThrow(() -> executable.origin().error(
                        "source '" + name + "' is neither C (.c) nor C++ (.cc, .cpp, .cxx, .c++)"));
                Path file = directory.resolve(name).normalize();
                if (!Files.isRegularFile(file)) {
                    throw executable.origin().error("source '" + name + "' not found (looked for " + file + ")");
                }
                sources.add(new Source(name, file, language));
            }
            programs.add(new Program(executable, sources));
        }
        return new SourcesProject(programs, directory);
    }

    @Override
    public Toolchain.Needs needs() {
        return new Toolchain.Needs(programs.stream().anyMatch(p -> p.linkLanguage() == Language.CXX), false);
    }

    @Override
    public Toolchain.Shortfall shortfall() {
        return Toolchain.Shortfall.NONE;
    }

    @Override
    public String identity() {
        return "sources";
    }

    /** The listed sources and the headers below the source directory that their depfiles name. */
    @Override
    public List<Path> sources(BuildDirectory directory) throws IOException {
        Set<Path> files = new TreeSet<>();
        for (Program program : programs) {
            Path objects = directory.objects().resolve(program.spec().name());
            for (Source source : program.sources()) {
                files.add(source.file());
                Path depfile = depfile(objects, source);
                if (Files.isRegularFile(depfile)) {
                    for (Path header : DepFile.prerequisites(Files.readString(depfile), directory.objects())) {
                        // headers elsewhere are the toolchain's and the system's, not the project's
                        if (header.startsWith(sourceDirectory) && Files.isRegularFile(header)) {
                            files.add(header);
                        }
                    }
                }
            }
        }
        return List.copyOf(files);
    }

    private static Path depfile(Path objects, Source source) {
        return Path.of(objects.resolve(source.objectPath()) + ".d");
    }

    @Override
    public List<String> build(PlatformSetup setup) throws IOException, CompileFailure {
        List<String> ran = new ArrayList<>();
        Files.createDirectories(setup.directory().output());
        for (Program program : programs) {
            Path objects = setup.directory().objects().resolve(program.spec().name());
            List<Future<Boolean>> compiles = new ArrayList<>();
            for (Source source : program.sources()) {
                compiles.add(setup.compiles().submit(() -> compile(setup, program, source, objects)));
            }
            CompileFailure failure = null;
            for (int i = 0; i < compiles.size(); i++) {
                try {
                    if (Futures.await(compiles.get(i), CompileFailure.class)) {
                        ran.add("compile " + program.sources().get(i).name());
                    }
                } catch (CompileFailure e) {
                    failure = failure == null ? e : failure;
                }
            }
            if (failure != null) {
                throw failure;
            }
            if (link(setup, program, objects)) {
                ran.add("link " + program.spec().name());
            }
        }
        return ran;
    }

    private boolean compile(PlatformSetup setup, Program program, Source source, Path objects)
            throws IOException, CompileFailure {
        Path object = objects.resolve(source.objectPath());
        Path depfile = depfile(objects, source);
        List<String> command = new ArrayList<>(List.of(setup.wrappers().driver(source.language()).toString()));
        command.addAll(program.spec().flags());
        command.addAll(List.of("-MD", "-MF", depfile.toString(), "-c", source.file().toString(), "-o",
                object.toString()));
        Path recordFile = Path.of(object + ".step");
        if (isCurrent(recordFile, command, object)) {
            return false;
        }
        // The source is stamped before it is read, so an edit made during the compile is seen next time.
        StepRecord.Stamp sourceStamp = StepRecord.Stamp.of(source.file())
                .orElseThrow(() -> new CompileFailure("compiling " + source.name(), source.file() + " is gone"));
        Files.createDirectories(object.getParent());
        Commands.Outcome outcome = setup.compile(command, setup.directory().objects());
        if (!outcome.ok()) {
            throw new CompileFailure("compiling " + source.name(), outcome.output());
        }
        List<StepRecord.Stamp> inputs = new ArrayList<>(List.of(sourceStamp));
        for (Path header : DepFile.prerequisites(Files.readString(depfile), setup.directory().objects())) {
            if (!header.equals(source.file())) {
                StepRecord.Stamp.of(header).ifPresent(inputs::add);
            }
        }
        new StepRecord(StepRecord.hash(command), inputs).write(recordFile);
        return true;
    }

    private boolean link(PlatformSetup setup, Program program, Path objects) throws IOException, CompileFailure {
        Path executable = setup.directory().output().resolve(program.spec().name());
        List<String> command = new ArrayList<>(List.of(setup.wrappers().driver(program.linkLanguage()).toString()));
        // The compile flags again: zig picks the optimisation mode of libc++ and compiler-rt from them.
        command.addAll(program.spec().flags());
        List<Path> objectFiles = program.sources().stream().map(s -> objects.resolve(s.objectPath())).toList();
        objectFiles.forEach(object -> command.add(object.toString()));
        command.addAll(List.of("-o", executable.toString()));
        program.spec().libs().forEach(lib -> command.add(lib.equals("pthread") ? "-pthread" : "-l" + lib));
        Path recordFile = objects.resolveSibling(program.spec().name() + ".link");
        if (isCurrent(recordFile, command, executable)) {
            return false;
        }
        Commands.Outcome outcome = setup.run(command, setup.directory().output());
        if (!outcome.ok()) {
            throw new CompileFailure("linking " + program.spec().name(), outcome.output());
        }
        List<StepRecord.Stamp> inputs = new ArrayList<>();
        for (Path object : objectFiles) {
            StepRecord.Stamp.of(object).ifPresent(inputs::add);
        }
        new StepRecord(StepRecord.hash(command), inputs).write(recordFile);
        return true;
    }

    /** Whether the last run of the step still holds; when not, its record goes, so a failed run leaves none. */
    private static boolean isCurrent(Path recordFile, List<String> command, Path output) throws IOException {
        Optional<StepRecord> previous = StepRecord.read(recordFile);
        if (previous.isPresent() && previous.get().isCurrent(command, output)) {
            return true;
        }
        Files.deleteIfExists(recordFile);
        return false;
    }
}
