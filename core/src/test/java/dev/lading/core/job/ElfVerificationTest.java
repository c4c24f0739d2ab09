package dev.lading.core.job;

import static dev.lading.core.job.BuildFixture.build;
import static dev.lading.core.job.BuildFixture.context;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.InputException;
import dev.lading.core.buildfile.BuildFileParser;
import dev.lading.core.io.Compression;
import dev.lading.core.model.ImageFormat;
import dev.lading.core.model.Platform;
import dev.lading.core.platform.Targets;
import dev.lading.core.store.OciLayout;
import dev.lading.core.testing.Clang;
import dev.lading.core.testing.RequiresToolchain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole builds with real binaries: every platform's image is checked before any layer is compressed. */
@RequiresToolchain
class ElfVerificationTest {
    private static final String HELLO = "int main(void) { return 0; }\n";
    private static final Platform AMD64 = Platform.parse("linux/amd64");
    private static final Platform ARM64 = Platform.parse("linux/arm64");

    @TempDir
    Path dir;

    private static void compile(Path context, Platform platform, String path) throws Exception {
        Path output = context.resolve(path);
        Files.createDirectories(output.getParent());
        Clang.compile(Targets.of(platform), HELLO, output, "-static");
        Files.delete(output.resolveSibling(output.getFileName() + ".c"));
    }

    @Test
    void aSharedLayerWithAnArm64BinaryIsRefusedForAmd64AndNothingIsStored() throws Exception {
        Path context = context(dir.resolve("p"), """
                layers:
                  - name: config
                    files:
                      - src: app.conf
                        dest: /etc/app.conf
                  - name: app
                    files:
                      - src: bin
                        dest: /app/bin
                """, "app.conf", "x=1\n");
        compile(context, ARM64, "bin/hello");
        InputException e = assertThrows(InputException.class, () -> build(context, dir.resolve("store")));
        assertEquals(context.resolve("lading.yaml") + ":6: layers[1]: /app/bin/hello (from layers[1].files[0]"
                + " (line 8)) is ELF 64-bit LSB aarch64 executable, static; linux/amd64 needs ELF 64-bit LSB x86-64",
                e.getMessage());
        try (Stream<Path> blobs = Files.list(dir.resolve("store/blobs/sha256"))) {
            assertEquals(0, blobs.count(), "the config layer before it was not compressed either");
        }
    }

    @Test
    void eachPlatformsArtifactIsCheckedAgainstItsOwnPlatform() throws Exception {
        Path context = context(dir.resolve("p"), """
                layers:
                  - name: app
                    files:
                      - artifact: hello
                        dest: /app/hello
                """);
        compile(context, AMD64, "out/amd64/hello");
        compile(context, ARM64, "out/arm64/hello");
        ArtifactSource right = (platform, spec) -> context.resolve("out/" + platform.architecture());
        assertEquals(2, buildWith(context, right).images().size());

        ArtifactSource swapped = (platform, spec) ->
                context.resolve("out/" + (platform.equals(AMD64) ? "arm64" : "amd64"));
        InputException e = assertThrows(InputException.class, () -> buildWith(context, swapped));
        assertTrue(e.getMessage().contains("/app/hello (from layers[0].files[0] (line 4)) is ELF 64-bit LSB aarch64"
                + " executable, static; linux/amd64 needs ELF 64-bit LSB x86-64"), e.getMessage());
    }

    @Test
    void aDynamicProgramFromScratchNeedsItsLoaderAndLibrariesInTheImage() throws Exception {
        String app = """
                layers:
                  - name: app
                    files:
                      - src: hello
                        dest: /app/hello
                """;
        Path context = context(dir.resolve("p"), app);
        Clang.compile(Targets.of(AMD64), HELLO, context.resolve("hello"));
        Files.delete(context.resolve("hello.c"));
        InputException e = assertThrows(InputException.class, () -> BuildFixture.build(context, dir.resolve("store"),
                0, List.of(AMD64), Compression.GZIP, 2));
        assertEquals("linux/amd64: /app/hello (from layers[0].files[0] (line 4)) needs the loader"
                + " /lib64/ld-linux-x86-64.so.2 which the image does not have (package libc6); /app/hello (from"
                + " layers[0].files[0] (line 4)) needs the library libc.so.6 which the image does not have in"
                + " /usr/lib/x86_64-linux-gnu or the loader's other directories (package libc6)", e.getMessage());
        try (Stream<Path> blobs = Files.list(dir.resolve("store/blobs/sha256"))) {
            assertEquals(0, blobs.count(), "nothing was compressed");
        }

        // the host's own libc and loader, laid out as Debian's libc6 lays them out, in a layer below the program
        Files.writeString(context.resolve("lading.yaml"), """
                layers:
                  - name: libc
                    files:
                      - src: rootfs
                        dest: /
                """ + app.substring(app.indexOf('\n') + 1));
        Path multiarch = Files.createDirectories(context.resolve("rootfs/usr/lib/x86_64-linux-gnu"));
        for (String library : List.of("libc.so.6", "ld-linux-x86-64.so.2")) {
            Files.copy(Path.of("/usr/lib/x86_64-linux-gnu", library).toRealPath(), multiarch.resolve(library));
        }
        Files.createSymbolicLink(context.resolve("rootfs/lib64"), Path.of("usr/lib/x86_64-linux-gnu"));
        BuildResult built = BuildFixture.build(context, dir.resolve("store"), 0, List.of(AMD64), Compression.GZIP, 2);
        assertEquals(2, built.images().get(0).layers().size());
    }

    private BuildResult buildWith(Path context, ArtifactSource artifacts) throws IOException {
        BuildRequest request = new BuildRequest(context, BuildFileParser.parse(context.resolve("lading.yaml")),
                List.of(AMD64, ARM64), 0, Compression.GZIP, ImageFormat.OCI, 2, artifacts, null, BuildListener.NONE);
        return ImageBuild.run(request, OciLayout.openOrCreate(dir.resolve("store")));
    }
}
