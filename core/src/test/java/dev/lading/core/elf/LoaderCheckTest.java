package dev.lading.core.elf;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.InputException;
import dev.lading.core.io.Content;
import dev.lading.core.layer.ImageFile;
import dev.lading.core.layer.ImageView;
import dev.lading.core.layer.LayerEntry;
import dev.lading.core.layer.LayerTree;
import dev.lading.core.model.Platform;
import dev.lading.core.platform.Target;
import dev.lading.core.platform.Targets;
import dev.lading.core.testing.Clang;
import dev.lading.core.testing.CrossTools;
import dev.lading.core.testing.RequiresToolchain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Images built from real binaries and the real C libraries of each platform's Debian cross sysroot. */
class LoaderCheckTest {
    private static final String ORIGIN = "layers[0].files[0] (line 5)";
    private static final String HELLO = "#include <stdio.h>\nint main(void) { puts(\"hello\"); return 0; }\n";
    private static final String LIBRARY = "int twice(int x) { return 2 * x; }\n";
    private static final String PROGRAM = "int twice(int);\nint main(void) { return twice(21) - 42; }\n";
    private static final Function<String, Optional<String>> HINTS = LoaderCheck::runtimePackage;

    @TempDir
    Path dir;

    private static Target target(String platform) {
        return Targets.of(Platform.parse(platform));
    }

    /** Where the cross sysroot of the platform keeps libc; the host's own for amd64. */
    private static Path sysrootLib(Target target) {
        return CrossTools.libraries(target);
    }

    /** One layer's entries, built up by a test. */
    private static final class Layer {
        private final LayerTree.Builder tree = LayerTree.builder();

        Layer file(String path, Path source) throws IOException {
            Path real = source.toRealPath();
            tree.add(LayerEntry.file(path.substring(1), Content.ofFile(real, Files.size(real)), 0755, 0, 0, ORIGIN));
            return this;
        }

        Layer file(String path, String text) {
            tree.add(LayerEntry.file(path.substring(1), Content.ofBytes(text.getBytes()), 0644, 0, 0, ORIGIN));
            return this;
        }

        Layer symlink(String path, String target) {
            tree.add(LayerEntry.symlink(path.substring(1), target, 0, 0, ORIGIN));
            return this;
        }

        LayerTree build() {
            return tree.build();
        }
    }

    /**
     * libc and its loader laid out as Debian trixie's libc6 does: the files in the multiarch directory, /lib a
     * symlink to usr/lib (merged /usr), and the PT_INTERP path a symlink into the multiarch directory.
     */
    private static Layer libc6(Layer layer, Target target, String interpreter) throws IOException {
        String multiarch = "/usr/lib/" + target.multiarch();
        String loader = interpreter.substring(interpreter.lastIndexOf('/') + 1);
        layer.file(multiarch + "/libc.so.6", sysrootLib(target).resolve("libc.so.6"))
                .file(multiarch + "/" + loader, sysrootLib(target).resolve(loader))
                .symlink("/lib", "usr/lib");
        if (target.elf().is64Bit()) {
            layer.symlink("/lib64", "usr/lib64");
        }
        return layer.symlink("/usr" + interpreter, multiarch + "/" + loader);
    }

    private Path hello(Target target) throws IOException, InterruptedException {
        return Clang.compile(target, HELLO, dir.resolve("hello-" + target.multiarch()));
    }

    private static String interpreter(Path binary) throws IOException, MalformedElfException {
        return ElfReader.read(Content.ofFile(binary, Files.size(binary))).orElseThrow().interpreter();
    }

    private static String refused(ImageView view, Target target) {
        InputException e = assertThrows(InputException.class, () -> LoaderCheck.verify(view, target, HINTS));
        return e.getMessage();
    }

    @RequiresToolchain
    @Test
    void everyPlatformsDynamicProgramLoadsInAnImageWithItsLibc() throws Exception {
        for (Target target : Targets.ALL) {
            Path hello = hello(target);
            ElfFile elf = ElfReader.read(Content.ofFile(hello, Files.size(hello))).orElseThrow();
            assertTrue(elf.interpreter() != null && elf.dynamic().needed().contains("libc.so.6"), elf.toString());
            Layer layer = libc6(new Layer(), target, interpreter(hello)).file("/app/hello", hello);
            assertDoesNotThrow(() -> LoaderCheck.verify(ImageView.scratch(List.of(layer.build())), target, HINTS),
                    target.platform().toString());
        }
    }

    @RequiresToolchain
    @Test
    void withoutLibcTheMessageNamesTheLoaderTheLibraryAndThePackage() throws Exception {
        Target arm64 = target("linux/arm64");
        Path hello = hello(arm64);
        ImageView empty = ImageView.scratch(List.of(new Layer().file("/app/hello", hello).build()));
        assertEquals("linux/arm64: /app/hello (from " + ORIGIN + ") needs the loader /lib/ld-linux-aarch64.so.1"
                + " which the image does not have (package libc6); /app/hello (from " + ORIGIN + ") needs the"
                + " library libc.so.6 which the image does not have in /usr/lib/aarch64-linux-gnu or the loader's"
                + " other directories (package libc6)", refused(empty, arm64));

        Layer onlyLoader = new Layer().file("/app/hello", hello)
                .file("/lib/ld-linux-aarch64.so.1", sysrootLib(arm64).resolve("ld-linux-aarch64.so.1"));
        assertEquals("linux/arm64: /app/hello (from " + ORIGIN + ") needs the library libc.so.6 which the image"
                + " does not have in /usr/lib/aarch64-linux-gnu or the loader's other directories (package libc6)",
                refused(ImageView.scratch(List.of(onlyLoader.build())), arm64));
    }

    @RequiresToolchain
    @Test
    void aStaticProgramAndALibraryWithoutDependenciesNeedNothing() throws Exception {
        for (Target target : List.of(target("linux/amd64"), target("linux/arm/v6"), target("linux/s390x"))) {
            Path hello = Clang.compile(target, HELLO, dir.resolve("static-" + target.multiarch()), "-static");
            Path library = Clang.compile(target, LIBRARY, dir.resolve("libtwice-" + target.multiarch() + ".so"),
                    "-shared", "-fPIC", "-nostdlib");
            ImageView view = ImageView.scratch(List.of(new Layer().file("/hello", hello)
                    .file("/usr/lib/libtwice.so", library).build()));
            assertEquals(List.of(), LoaderCheck.problems(view, target, HINTS), target.platform().toString());
        }
    }

    @RequiresToolchain
    @Test
    void librariesAreFoundInThePlatformsOwnMultiarchDirectory() throws Exception {
        assertEquals(List.of("x86_64-linux-gnu", "aarch64-linux-gnu", "arm-linux-gnueabihf", "arm-linux-gnueabi",
                "i386-linux-gnu", "riscv64-linux-gnu", "powerpc64le-linux-gnu", "s390x-linux-gnu"),
                Targets.ALL.stream().map(Target::multiarch).toList());
        Target i386 = target("linux/386");
        Path hello = hello(i386);
        String loader = interpreter(hello);
        Layer wrongDirectory = new Layer().file("/app/hello", hello).file(loader, sysrootLib(i386).resolve(
                loader.substring(loader.lastIndexOf('/') + 1)))
                .file("/usr/lib/" + CrossTools.of(i386).triple() + "/libc.so.6", sysrootLib(i386).resolve("libc.so.6"));
        assertTrue(refused(ImageView.scratch(List.of(wrongDirectory.build())), i386)
                .contains("needs the library libc.so.6 which the image does not have in /usr/lib/i386-linux-gnu"));

        // Debian's loader never looks in /lib64 or /usr/lib64, on no platform; it does look in /lib and /usr/lib
        for (Target target : Targets.ALL) {
            Path needsZ = Clang.compile(target, LIBRARY, dir.resolve("libneedsz-" + target.multiarch() + ".so"),
                    "-shared", "-fPIC", "-nostdlib", "-Wl,--no-as-needed", libzStub(target));
            LayerTree library = new Layer().file("/opt/libneedsz.so", needsZ).build();
            for (String directory : List.of("/lib64", "/usr/lib64", "/lib", "/usr/lib")) {
                LayerTree libz = new Layer().file(directory + "/libz.so.1", "only its presence counts").build();
                List<String> problems = LoaderCheck.problems(ImageView.scratch(List.of(libz, library)), target,
                        HINTS);
                assertEquals(directory.contains("64") ? List.of("/opt/libneedsz.so (from " + ORIGIN + ") needs the"
                        + " library libz.so.1 which the image does not have in /usr/lib/"
                        + target.multiarch() + " or the loader's other directories") : List.of(),
                        problems, target.platform() + " " + directory);
            }
        }
    }

    /** A shared object whose soname is libz.so.1, to link against so that DT_NEEDED names it. */
    private String libzStub(Target target) throws IOException, InterruptedException {
        Path directory = Files.createDirectories(dir.resolve("z-" + target.multiarch()));
        return Clang.compile(target, "int z;\n", directory.resolve("libz.so"), "-shared", "-fPIC", "-nostdlib",
                "-Wl,-soname,libz.so.1").toString();
    }

    @RequiresToolchain
    @Test
    void aRunpathWithOriginFindsTheLibraryBesideTheProgram() throws Exception {
        for (Target target : List.of(target("linux/amd64"), target("linux/arm/v7"), target("linux/s390x"))) {
            String arch = target.multiarch();
            Path lib = Files.createDirectories(dir.resolve(arch + "/lib"));
            Path library = Clang.compile(target, LIBRARY, lib.resolve("libtwice.so.1"), "-shared", "-fPIC",
                    "-Wl,-soname,libtwice.so.1");
            Files.createSymbolicLink(lib.resolve("libtwice.so"), library.getFileName());
            for (String tags : List.of("--enable-new-dtags", "--disable-new-dtags")) {
                Path program = Clang.compile(target, PROGRAM, dir.resolve(arch + "/program" + tags), "-L" + lib,
                        "-ltwice", "-Wl," + tags, "-Wl,-rpath,$ORIGIN/../lib:/opt/x/lib");
                LayerTree system = libc6(new Layer(), target, interpreter(program)).build();
                LayerTree beside = new Layer().file("/app/bin/program", program)
                        .file("/app/lib/libtwice.so.1", library).build();
                assertEquals(List.of(), LoaderCheck.problems(ImageView.scratch(List.of(system, beside)), target,
                        HINTS), target.platform() + " " + tags);

                LayerTree elsewhere = new Layer().file("/app/bin/program", program)
                        .file("/app/other/libtwice.so.1", library).build();
                assertEquals(List.of("/app/bin/program (from " + ORIGIN + ") needs the library libtwice.so.1 which"
                        + " the image does not have in /app/lib, /opt/x/lib, /usr/lib/" + target.multiarch()
                        + " or the loader's other directories"),
                        LoaderCheck.problems(ImageView.scratch(List.of(system, elsewhere)), target, HINTS));
            }
        }
    }

    @RequiresToolchain
    @Test
    void symlinkLoopsAreReportedAndEndTheLookUp() throws Exception {
        Target amd64 = target("linux/amd64");
        Path hello = hello(amd64);
        Layer looped = new Layer().file("/app/hello", hello)
                .symlink("/lib64", "/lib64/x")
                .symlink("/usr/lib/x86_64-linux-gnu/libc.so.6", "libc.so.6.real")
                .symlink("/usr/lib/x86_64-linux-gnu/libc.so.6.real", "../x86_64-linux-gnu/libc.so.6");
        String message = refused(ImageView.scratch(List.of(looped.build())), amd64);
        assertEquals("linux/amd64: /app/hello (from " + ORIGIN + ") needs the loader /lib64/ld-linux-x86-64.so.2,"
                + " but that path is a symlink loop in the image (package libc6); /app/hello (from " + ORIGIN + ")"
                + " needs the library libc.so.6, but /usr/lib/x86_64-linux-gnu/libc.so.6 is a symlink loop in the"
                + " image (package libc6)", message);
        // a loop is certain whatever a base image holds below the layers
        assertEquals(2, LoaderCheck.problems(ImageView.over(Map.of(), false, List.of(looped.build())), amd64, HINTS)
                .size());
    }

    @RequiresToolchain
    @Test
    void allProblemsOfAnImageAreCountedAndTheFirstFewSpelledOut() throws Exception {
        Target amd64 = target("linux/amd64");
        Path hello = hello(amd64);
        Layer layer = new Layer();
        for (int i = 1; i <= 5; i++) {
            layer.file("/app/hello" + i, hello);
        }
        String message = refused(ImageView.scratch(List.of(layer.build())), amd64);
        assertTrue(message.startsWith("linux/amd64: /app/hello1 (from " + ORIGIN + ") needs the loader"), message);
        assertTrue(message.contains("; /app/hello2 (from " + ORIGIN + ") needs the loader"), message);
        assertTrue(message.endsWith("; and 7 more"), message);
    }

    @RequiresToolchain
    @Test
    void overABaseImageOnlyTheLayersFilesAreCheckedAndMissingOnesMayBeInTheBase() throws Exception {
        Target amd64 = target("linux/amd64");
        Path hello = hello(amd64);
        LayerTree app = new Layer().file("/app/hello", hello).build();
        assertEquals(List.of(), LoaderCheck.problems(ImageView.over(Map.of(), false, List.of(app)), amd64, HINTS));

        // a known, complete base provides libc and its loader; its own files are not lading's to check
        Path libc = sysrootLib(amd64).resolve("libc.so.6");
        Path loader = sysrootLib(amd64).resolve("ld-linux-x86-64.so.2");
        Map<String, ImageFile> base = Map.of(
                "/usr", directory(), "/usr/lib", directory(), "/usr/lib/x86_64-linux-gnu", directory(),
                "/usr/lib/x86_64-linux-gnu/libc.so.6", baseFile(libc),
                "/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2", baseFile(loader),
                "/lib64", new ImageFile(LayerEntry.Type.SYMLINK, null, "usr/lib/x86_64-linux-gnu", "base", true),
                "/usr/bin", directory(), "/usr/bin/broken", baseFile(hello));
        assertEquals(List.of(), LoaderCheck.problems(ImageView.over(base, true, List.of(app)), amd64, HINTS));

        Map<String, ImageFile> withoutLibc = new java.util.HashMap<>(base);
        withoutLibc.remove("/usr/lib/x86_64-linux-gnu/libc.so.6");
        assertEquals(List.of("/app/hello (from " + ORIGIN + ") needs the library libc.so.6 which the image does not"
                + " have in /usr/lib/x86_64-linux-gnu or the loader's other directories (package libc6)"),
                LoaderCheck.problems(ImageView.over(withoutLibc, true, List.of(app)), amd64, HINTS));
    }

    @RequiresToolchain
    @Test
    void theProvidersHintNamesThePackage() throws Exception {
        Target riscv = target("linux/riscv64");
        Path program = Clang.compile(riscv, LIBRARY, dir.resolve("libneedsz.so"), "-shared", "-fPIC",
                "-nostdlib", "-Wl,--no-as-needed", libzStub(riscv));
        ImageView view = ImageView.scratch(List.of(new Layer().file("/app/libneedsz.so", program).build()));
        List<String> problems = LoaderCheck.problems(view, riscv,
                name -> name.equals("libz.so.1") ? Optional.of("zlib1g") : Optional.empty());
        assertEquals(List.of("/app/libneedsz.so (from " + ORIGIN + ") needs the library libz.so.1 which the image"
                + " does not have in /usr/lib/riscv64-linux-gnu or the loader's other directories (package zlib1g)"),
                problems);
        assertEquals(Optional.of("libc6"), LoaderCheck.runtimePackage("ld-linux-riscv64-lp64d.so.1"));
        assertEquals(Optional.of("libc6"), LoaderCheck.runtimePackage("ld64.so.2"));
        assertEquals(Optional.of("libstdc++6"), LoaderCheck.runtimePackage("libstdc++.so.6"));
        assertEquals(Optional.empty(), LoaderCheck.runtimePackage("libz.so.1"));
    }

    @Test
    void aMalformedElfFileInTheImageIsAProblemNotACrash() {
        DynamicElf elf = DynamicElf.of(true, false, new ElfFile.Dynamic(List.of("libc.so.6"), null, null, null));
        byte[] bytes = elf.bytes();
        bytes[elf.dynamicOffset() - 1] = 'x';
        ImageView view = ImageView.scratch(List.of(LayerTree.builder().add(LayerEntry.file("lib/libbad.so",
                Content.ofBytes(bytes), 0644, 0, 0, ORIGIN)).build()));
        List<String> problems = new ArrayList<>(assertDoesNotThrow(() -> LoaderCheck.problems(view,
                target("linux/amd64"), HINTS)));
        assertEquals(List.of("/lib/libbad.so (from " + ORIGIN + ") starts like an ELF file but is malformed: a name"
                + " in its dynamic section at string offset 1 has no terminating NUL within 10 bytes"), problems);
    }

    private static ImageFile directory() {
        return new ImageFile(LayerEntry.Type.DIRECTORY, null, null, "base", true);
    }

    private static ImageFile baseFile(Path file) throws IOException {
        Path real = file.toRealPath();
        return new ImageFile(LayerEntry.Type.FILE, Content.ofFile(real, Files.size(real)), null, "base", true);
    }
}
