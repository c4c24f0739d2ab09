package dev.lading.core.elf;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.InputException;
import dev.lading.core.io.Content;
import dev.lading.core.layer.LayerEntry;
import dev.lading.core.layer.LayerTree;
import dev.lading.core.model.Platform;
import dev.lading.core.platform.Target;
import dev.lading.core.platform.Targets;
import dev.lading.core.testing.Clang;
import dev.lading.core.testing.RequiresToolchain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The check against what clang, lld and GNU ld really write, with the flags of the platform table. */
@RequiresToolchain
class RealBinariesTest {
    private static final String HELLO = "#include <stdio.h>\nint main(void) { puts(\"hello\"); return 0; }\n";
    private static final String LIBRARY = "int twice(int x) { return 2 * x; }\n";

    @TempDir
    Path dir;

    private static Target target(String platform) {
        return Targets.of(Platform.parse(platform));
    }

    private Path compile(Target target, String name, String source, String... flags)
            throws IOException, InterruptedException {
        return Clang.compile(target, source, dir.resolve(name), flags);
    }

    private static void verify(Path file, Target target) throws IOException {
        LayerTree tree = LayerTree.builder().add(LayerEntry.file("app/" + file.getFileName(),
                Content.ofFile(file, Files.size(file)), 0755, 0, 0, "layers[0].files[0] (line 5)")).build();
        ElfCheck.verify(tree, List.of(target.platform()));
    }

    private static String refused(Path file, Target target) {
        return assertThrows(InputException.class, () -> verify(file, target)).getMessage();
    }

    @Test
    void staticExecutablesRunOnTheirOwnPlatformOnly() throws Exception {
        for (Target own : Targets.ALL) {
            Path binary = compile(own, "hello-" + own.multiarch(), HELLO, "-static");
            assertDoesNotThrow(() -> verify(binary, own), own.platform().toString());
            for (Target other : Targets.ALL) {
                if (other != own) {
                    String message = refused(binary, other);
                    assertTrue(message.contains("; " + other.platform() + " needs "), message);
                    assertTrue(message.contains(" executable") && message.contains(", static;"), message);
                }
            }
        }
    }

    @Test
    void aV7BinaryIsRefusedOnArmV6() throws Exception {
        Path v7 = compile(target("linux/arm/v7"), "hello-v7", HELLO, "-static");
        assertEquals("/app/hello-v7 (from layers[0].files[0] (line 5)) is ELF 32-bit LSB ARM executable (EABI5,"
                + " hard-float, ARMv7), static; linux/arm/v6 needs ELF 32-bit LSB ARM (EABI5, ARMv6 or older)",
                refused(v7, target("linux/arm/v6")));
    }

    @Test
    void aSoftFloatBinaryIsRefusedOnArmV7() throws Exception {
        Path armel = compile(target("linux/arm/v6"), "hello-armel", HELLO, "-static");
        String message = refused(armel, target("linux/arm/v7"));
        assertTrue(message.contains("ARM executable (EABI5, soft-float, "), message);
        assertTrue(message.endsWith("linux/arm/v7 needs ELF 32-bit LSB ARM (EABI5, hard-float, ARMv7 or older)"),
                message);
    }

    @Test
    void aDynamicExecutableIsCheckedForItsMachine() throws Exception {
        Target amd64 = target("linux/amd64");
        Path dynamic = compile(amd64, "hello-dynamic", HELLO);
        verify(dynamic, amd64);
        assertEquals("/app/hello-dynamic (from layers[0].files[0] (line 5)) is ELF 64-bit LSB x86-64 PIE executable,"
                + " dynamic (interpreter /lib64/ld-linux-x86-64.so.2); linux/arm64 needs ELF 64-bit LSB aarch64",
                refused(dynamic, target("linux/arm64")));
    }

    @Test
    void objectsArchivesAndSharedLibrariesNeedNoLoader() throws Exception {
        for (Target target : List.of(target("linux/amd64"), target("linux/arm/v7"), target("linux/s390x"))) {
            String arch = target.multiarch();
            Path object = compile(target, "twice-" + arch + ".o", LIBRARY, "-c");
            Path archive = dir.resolve("libtwice-" + arch + ".a");
            Process ar = new ProcessBuilder("llvm-ar", "rcs", archive.toString(), object.toString())
                    .inheritIO().start();
            assertEquals(0, ar.waitFor(), "llvm-ar");
            Path shared = compile(target, "libtwice-" + arch + ".so", LIBRARY, "-shared", "-fPIC");
            for (Path file : List.of(object, archive, shared)) {
                verify(file, target);
            }
            String message = refused(shared, target("linux/arm64"));
            assertTrue(message.contains(" shared object") && message.contains("; linux/arm64 needs"), message);
        }
    }
}
