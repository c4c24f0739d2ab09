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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ElfCheckTest {
    static final String ORIGIN = "layers[0].files[0] (line 5)";
    private static final Platform AMD64 = Platform.parse("linux/amd64");
    private static final Platform ARM64 = Platform.parse("linux/arm64");
    private static final Platform ARM_V7 = Platform.parse("linux/arm/v7");
    private static final Platform ARM_V6 = Platform.parse("linux/arm/v6");

    static LayerTree tree(byte[] bytes) {
        return LayerTree.builder().add(LayerEntry.file("app/bin/tool", Content.ofBytes(bytes), 0755, 0, 0, ORIGIN))
                .build();
    }

    private static void accepted(ElfFile elf, Platform platform) {
        assertDoesNotThrow(() -> ElfCheck.verify(tree(SyntheticElf.bytes(elf)), List.of(platform)));
    }

    private static String refused(ElfFile elf, Platform platform) {
        InputException e = assertThrows(InputException.class,
                () -> ElfCheck.verify(tree(SyntheticElf.bytes(elf)), List.of(platform)));
        assertTrue(e.getMessage().startsWith("/app/bin/tool (from " + ORIGIN + ") is "), e.getMessage());
        return e.getMessage();
    }

    private static ElfFile arm(int type, int flags, String interpreter, Integer armArch) {
        return new ElfFile(false, false, ElfFile.EM_ARM, type, flags, interpreter, armArch);
    }

    @Test
    void eachPlatformsBinaryRunsThereAndNowhereElse() {
        for (Target own : Targets.ALL) {
            ElfFile elf = SyntheticElf.forTarget(own);
            accepted(elf, own.platform());
            String kind = ElfFile.kind(own.elf().is64Bit(), own.elf().bigEndian(), own.elf().machine());
            for (Target other : Targets.ALL) {
                if (other != own) {
                    String message = refused(elf, other.platform());
                    assertTrue(message.contains(" is " + kind + " executable"), message);
                    assertTrue(message.contains("; " + other.platform() + " needs " + ElfFile.kind(
                            other.elf().is64Bit(), other.elf().bigEndian(), other.elf().machine())), message);
                }
            }
        }
    }

    @Test
    void messagesSayWhatTheFileIsAndWhatThePlatformNeeds() {
        assertEquals("/app/bin/tool (from " + ORIGIN + ") is ELF 64-bit LSB aarch64 executable, static;"
                + " linux/amd64 needs ELF 64-bit LSB x86-64", refused(SyntheticElf.forTarget(Targets.of(ARM64)),
                AMD64));
        assertEquals("/app/bin/tool (from " + ORIGIN + ") is ELF 32-bit LSB ARM executable (EABI5, hard-float,"
                + " ARMv7), static; linux/arm/v6 needs ELF 32-bit LSB ARM (EABI5, ARMv6 or older)",
                refused(SyntheticElf.forTarget(Targets.of(ARM_V7)), ARM_V6));
        assertTrue(refused(SyntheticElf.forTarget(Targets.of(ARM_V6)), ARM_V7)
                .endsWith("(EABI5, soft-float, ARMv6), static; linux/arm/v7 needs ELF 32-bit LSB ARM"
                        + " (EABI5, hard-float, ARMv7 or older)"));
    }

    @Test
    void armV6VariantsRunOnV6AndV7() {
        for (int v6 = 6; v6 <= 9; v6++) {
            ElfFile elf = arm(ElfFile.ET_EXEC, 0x05000400, null, v6);
            accepted(elf, ARM_V6);
            accepted(elf, ARM_V7);
        }
        accepted(arm(ElfFile.ET_EXEC, 0x05000400, null, 4), ARM_V6);
        assertTrue(refused(arm(ElfFile.ET_EXEC, 0x05000400, null, 14), ARM_V7).contains("ARMv8-A"));
    }

    @Test
    void withoutAttributesTheArchitectureIsNotGuessedButTheFloatAbiIsStillChecked() {
        accepted(arm(ElfFile.ET_EXEC, 0x05000400, null, null), ARM_V6);
        String message = refused(arm(ElfFile.ET_EXEC, 0x05000200, null, null), ARM_V7);
        assertTrue(message.contains("(EABI5, soft-float), static; linux/arm/v7 needs"), message);
    }

    @Test
    void objectsWithoutAFloatAbiMarkLeaveItToTheLinker() {
        accepted(arm(ElfFile.ET_REL, 0x05000000, null, 10), ARM_V7);
        accepted(arm(ElfFile.ET_REL, 0x05000000, null, 6), ARM_V6);
    }

    @Test
    void onlyEabi5Runs() {
        String message = refused(arm(ElfFile.ET_EXEC, 0x04000400, null, 10), ARM_V7);
        assertTrue(message.contains("(EABI4, hard-float, ARMv7)"), message);
    }

    @Test
    void aDynamicExecutableIsCheckedForItsMachineOnlyTheLoaderIsTheImagesQuestion() {
        ElfFile dynamic = new ElfFile(true, false, 62, ElfFile.ET_DYN, 0, "/lib64/ld-linux-x86-64.so.2", null);
        accepted(dynamic, AMD64);
        accepted(new ElfFile(true, false, 62, ElfFile.ET_DYN, 0, null, null), AMD64);
        assertEquals("/app/bin/tool (from " + ORIGIN + ") is ELF 64-bit LSB x86-64 PIE executable, dynamic"
                + " (interpreter /lib64/ld-linux-x86-64.so.2); linux/arm64 needs ELF 64-bit LSB aarch64",
                refused(dynamic, ARM64));
    }

    @Test
    void aSharedTreeMustFitEveryPlatformThatHoldsIt() {
        LayerTree tree = tree(SyntheticElf.bytes(SyntheticElf.forTarget(Targets.of(ARM64))));
        InputException e = assertThrows(InputException.class,
                () -> ElfCheck.verify(tree, List.of(ARM64, AMD64)));
        assertTrue(e.getMessage().contains("linux/amd64 needs"), e.getMessage());
    }

    @Test
    void filesThatAreNotElfAreLeftAlone() throws IOException {
        for (String text : List.of("", "\u007fEL", "#!/bin/sh\necho hi\n", "\u007fELV and then some")) {
            ElfCheck.verify(tree(text.getBytes(StandardCharsets.ISO_8859_1)), List.of(AMD64));
        }
        LayerTree withOthers = LayerTree.builder()
                .add(LayerEntry.directory("app", 0755, 0, 0, ORIGIN))
                .add(LayerEntry.symlink("app/link", "/nowhere", 0, 0, ORIGIN)).build();
        ElfCheck.verify(withOthers, List.of(AMD64));
    }

    @Test
    void aCutOffHeaderIsRefusedAsMalformed() {
        byte[] elf = SyntheticElf.bytes(SyntheticElf.forTarget(Targets.of(AMD64)));
        InputException e = assertThrows(InputException.class,
                () -> ElfCheck.verify(tree(Arrays.copyOf(elf, 40)), List.of(AMD64)));
        assertEquals("/app/bin/tool (from " + ORIGIN + ") starts like an ELF file but is malformed: the file has 40"
                + " bytes, too few for the ELF header (64 bytes at offset 0)", e.getMessage());
    }
}
