package dev.lading.core.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.io.Content;
import dev.lading.core.layer.ImageFile;
import dev.lading.core.layer.ImageView;
import dev.lading.core.layer.LayerEntry;
import dev.lading.core.layer.LayerTree;
import dev.lading.core.platform.Target;
import dev.lading.core.platform.Targets;
import dev.lading.core.testing.Clang;
import dev.lading.core.testing.CrossTools;
import dev.lading.core.testing.RequiresToolchain;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The check's rules against the real loader: Debian's ld.so of each platform says where it looks, and on the host
 * platform the image itself, written out and entered with chroot (as root, as CI runs), shows whether its
 * program loads.
 */
@RequiresToolchain
class LoaderOracleTest {
    private static final String ORIGIN = "test";
    private static final String HELLO = "#include <stdio.h>\nint main(void) { puts(\"hello\"); return 0; }\n";
    private static final String LIBRARY = "int twice(int x) { return 2 * x; }\n";
    private static final String PROGRAM = "#include <stdio.h>\nint twice(int);\n"
            + "int main(void) { printf(\"%d\\n\", twice(21)); return 0; }\n";
    private static final String OUTER = "int twice(int);\nint outer(int x) { return twice(x); }\n";
    private static final String CHAINED = "#include <stdio.h>\nint outer(int);\n"
            + "int main(void) { printf(\"%d\\n\", outer(21)); return 0; }\n";
    private static final Target AMD64 = Targets.ALL.get(0);
    private static final Path HOST_LIB = Path.of("/usr/lib/x86_64-linux-gnu");

    @TempDir
    Path dir;

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return process.waitFor() + "\n" + output;
    }

    @Test
    void theDefaultDirectoriesAreThoseEachPlatformsLoaderSearches() throws Exception {
        for (Target target : Targets.ALL) {
            Path lib = CrossTools.libraries(target);
            Path loader;
            try (Stream<Path> files = Files.list(lib)) {
                loader = files.filter(f -> f.getFileName().toString().matches("ld-linux.*\\.so\\.\\d+|ld64\\.so\\.\\d+"))
                        .findFirst().orElseThrow();
            }
            List<String> command = target == AMD64 ? List.of(loader.toString(), "--help")
                    : List.of(CrossTools.of(target).qemu(), loader.toString(), "--help");
            List<String> searched = new ArrayList<>();
            for (String line : run(command).split("\n")) {
                if (line.endsWith("(system search path)")) {
                    searched.add(line.strip().split(" ")[0]);
                }
            }
            assertEquals(searched, LoaderCheck.defaultDirectories(target), target.platform() + " " + loader);
        }
    }

    /** Writes the image out as a directory tree, as a container runtime would unpack it. */
    private Path materialize(ImageView view, String name) throws IOException {
        Path root = Files.createDirectories(dir.resolve(name));
        for (Map.Entry<String, ImageFile> entry : view.files().entrySet()) {
            Path path = root.resolve(entry.getKey().substring(1));
            ImageFile file = entry.getValue();
            switch (file.type()) {
                case DIRECTORY -> Files.createDirectories(path);
                case SYMLINK -> Files.createSymbolicLink(path, Path.of(file.linkTarget()));
                case FILE -> {
                    try (InputStream in = file.content().open()) {
                        Files.copy(in, path);
                    }
                    path.toFile().setExecutable(true);
                }
            }
        }
        return root;
    }

    private static LayerTree.Builder add(LayerTree.Builder tree, String path, Path source) throws IOException {
        Path real = source.toRealPath();
        return tree.add(LayerEntry.file(path.substring(1), Content.ofFile(real, Files.size(real)), 0755, 0, 0,
                ORIGIN));
    }

    private static LayerTree.Builder link(LayerTree.Builder tree, String path, String target) {
        return tree.add(LayerEntry.symlink(path.substring(1), target, 0, 0, ORIGIN));
    }

    /**
     * Each layout is judged twice: by the check, and by running its program in it. The two must agree, and each
     * verdict is also what the layout was made to show.
     */
    @Test
    void theCheckPassesExactlyTheImagesWhoseProgramRuns() throws Exception {
        Path hello = Clang.compile(AMD64, HELLO, dir.resolve("hello"));
        Path lib = Files.createDirectories(dir.resolve("build/lib"));
        Path twice = Clang.compile(AMD64, LIBRARY, lib.resolve("libtwice.so.1"), "-shared", "-fPIC",
                "-Wl,-soname,libtwice.so.1");
        Files.createSymbolicLink(lib.resolve("libtwice.so"), twice.getFileName());
        Path program = Clang.compile(AMD64, PROGRAM, dir.resolve("program"), "-L" + lib, "-ltwice",
                "-Wl,-rpath,$ORIGIN/../lib");
        Path libc = HOST_LIB.resolve("libc.so.6");
        Path loader = HOST_LIB.resolve("ld-linux-x86-64.so.2");
        String interp = "/lib64/ld-linux-x86-64.so.2";

        record Layout(String name, boolean loads, LayerTree tree) {
        }
        List<Layout> layouts = new ArrayList<>();
        // Debian's own: merged /usr, the loader's path a symlink into the multiarch directory
        LayerTree.Builder debian = LayerTree.builder();
        add(debian, "/usr/lib/x86_64-linux-gnu/libc.so.6", libc);
        add(debian, "/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2", loader);
        link(debian, "/lib", "usr/lib");
        link(debian, "/lib64", "usr/lib64");
        link(debian, "/usr/lib64/ld-linux-x86-64.so.2", "/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2");
        add(debian, "/app/hello", hello);
        layouts.add(new Layout("debian", true, debian.build()));
        for (String directory : List.of("/lib", "/usr/lib", "/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64",
                "/usr/local/lib")) {
            LayerTree.Builder tree = LayerTree.builder();
            add(tree, interp, loader);
            add(tree, directory + "/libc.so.6", libc);
            add(tree, "/app/hello", hello);
            boolean searched = !directory.endsWith("lib64") && !directory.startsWith("/usr/local");
            layouts.add(new Layout("libc in " + directory, searched, tree.build()));
        }
        LayerTree.Builder noLoaderPath = LayerTree.builder();
        add(noLoaderPath, "/usr/lib/x86_64-linux-gnu/libc.so.6", libc);
        add(noLoaderPath, "/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2", loader);
        add(noLoaderPath, "/app/hello", hello);
        layouts.add(new Layout("the loader only in the multiarch directory", false, noLoaderPath.build()));
        for (String where : List.of("/app/lib", "/app/bin/lib", "/usr/lib/x86_64-linux-gnu")) {
            LayerTree.Builder tree = LayerTree.builder();
            add(tree, interp, loader);
            add(tree, "/lib/x86_64-linux-gnu/libc.so.6", libc);
            add(tree, "/app/bin/program", program);
            add(tree, where + "/libtwice.so.1", twice);
            layouts.add(new Layout("libtwice in " + where, !where.equals("/app/bin/lib"), tree.build()));
        }
        // a library without a search path of its own finds its needs through the RPATH of the program loading
        // it, but not through a RUNPATH
        Path outer = Clang.compile(AMD64, OUTER, lib.resolve("libouter.so.1"), "-shared", "-fPIC", "-L" + lib,
                "-ltwice", "-Wl,-soname,libouter.so.1");
        Files.createSymbolicLink(lib.resolve("libouter.so"), outer.getFileName());
        for (String tags : List.of("--disable-new-dtags", "--enable-new-dtags")) {
            Path chained = Clang.compile(AMD64, CHAINED, dir.resolve("chained" + tags), "-L" + lib, "-louter",
                    "-Wl,--allow-shlib-undefined", "-Wl," + tags, "-Wl,-rpath,$ORIGIN/../lib");
            LayerTree.Builder tree = LayerTree.builder();
            add(tree, interp, loader);
            add(tree, "/lib/x86_64-linux-gnu/libc.so.6", libc);
            add(tree, "/app/bin/program", chained);
            add(tree, "/app/lib/libouter.so.1", outer);
            add(tree, "/app/lib/libtwice.so.1", twice);
            layouts.add(new Layout("a chain of libraries, " + tags, tags.contains("disable"), tree.build()));
        }
        // the program itself loads libtwice through its RUNPATH first, so libouter's need is met by name
        Path both = Clang.compile(AMD64, CHAINED, dir.resolve("both"), "-L" + lib, "-louter", "-ltwice",
                "-Wl,--no-as-needed", "-Wl,--enable-new-dtags", "-Wl,-rpath,$ORIGIN/../lib");
        LayerTree.Builder alongside = LayerTree.builder();
        add(alongside, interp, loader);
        add(alongside, "/lib/x86_64-linux-gnu/libc.so.6", libc);
        add(alongside, "/app/bin/program", both);
        add(alongside, "/app/lib/libouter.so.1", outer);
        add(alongside, "/app/lib/libtwice.so.1", twice);
        layouts.add(new Layout("a library the program already loaded", true, alongside.build()));
        LayerTree.Builder looped = LayerTree.builder();
        add(looped, interp, loader);
        link(looped, "/lib/x86_64-linux-gnu/libc.so.6", "libc.so.6.1");
        link(looped, "/lib/x86_64-linux-gnu/libc.so.6.1", "/lib/x86_64-linux-gnu/libc.so.6");
        add(looped, "/app/hello", hello);
        layouts.add(new Layout("libc a symlink loop", false, looped.build()));

        for (Layout layout : layouts) {
            ImageView view = ImageView.scratch(List.of(layout.tree()));
            boolean passes = LoaderCheck.problems(view, AMD64, name -> Optional.empty()).isEmpty();
            Path root = materialize(view, "root-" + layouts.indexOf(layout));
            String entry = view.files().containsKey("/app/hello") ? "/app/hello" : "/app/bin/program";
            // the loader finds $ORIGIN through /proc/self/exe, so /proc is mounted as a container runtime does
            Files.createDirectories(root.resolve("proc"));
            String result = run(List.of("unshare", "--mount", "--pid", "--fork", "--mount-proc=" + root.resolve("proc"),
                    "chroot", root.toString(), entry));
            assertTrue(result.startsWith("0\n") || result.contains("error while loading shared libraries")
                    || result.contains("failed to run command") && result.contains("No such file or directory"),
                    "chroot itself failed: " + result); // the kernel says ENOENT when the loader is missing
            boolean runs = result.startsWith("0\n") && (result.contains("hello") || result.contains("42"));
            assertEquals(runs, passes, layout.name() + ": chroot says " + result);
            assertEquals(layout.loads(), passes, layout.name());
        }
    }
}
