package dev.lading.toolchain.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.LadingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DebArchiveTest {
    @TempDir
    Path temp;

    @ParameterizedTest
    @ValueSource(strings = {".xz", ".gz", ".zst", ".bz2", ""})
    void readsTheControlPartAndStreamsTheDataInEveryCompression(String compression) throws IOException {
        Path file = TestDebs.named("pkg").compression(compression).script("postrm").script("preinst")
                .md5sums("abc  usr/share/x\n").dir("./usr/", 0755).file("./usr/share/x", 0644, "x".repeat(70_000))
                .symlink("./usr/share/y", "x").write(temp);
        List<String> seen = new ArrayList<>();
        DebArchive deb = DebArchive.read(file, opened -> (entry, content) ->
                seen.add(entry.getName() + " " + new String(content.readAllBytes(), StandardCharsets.UTF_8).length()));
        assertEquals("pkg", deb.packageName());
        assertEquals("1.0-1", deb.control().get("Version"));
        assertEquals(List.of("preinst", "postrm"), deb.maintainerScripts());
        assertEquals(Optional.of("abc  usr/share/x\n"), deb.md5sums());
        assertEquals(List.of("./usr/ 0", "./usr/share/x 70000", "./usr/share/y 0"), seen);
    }

    @Test
    void openReadsNoDataAndAPackageWithoutMd5sumsHasNone() throws IOException {
        Path file = TestDebs.named("bare").file("./a", 0644, "a").write(temp);
        DebArchive deb = DebArchive.open(file);
        assertEquals(Optional.empty(), deb.md5sums());
        assertEquals(List.of(), deb.maintainerScripts());
        assertEquals(file, deb.file());
    }

    @Test
    void somethingThatIsNoDebFailsNamingTheFile() throws IOException {
        Path text = Files.writeString(temp.resolve("not.deb"), "hello, not an archive\n");
        LadingException e = assertThrows(LadingException.class, () -> DebArchive.open(text));
        assertTrue(e.getMessage().startsWith("malformed .deb " + text + ": "), e.getMessage());
    }

    @Test
    void aFifoIsRefused() throws IOException {
        Path file = TestDebs.named("pipe").fifo("./run/pipe").write(temp);
        LadingException e = assertThrows(LadingException.class,
                () -> Sysroot.assemble(List.of(file), temp.resolve("s")));
        assertTrue(e.getMessage().contains("pipe") && e.getMessage().contains("./run/pipe"), e.getMessage());
        assertTrue(Files.notExists(temp.resolve("s")));
    }
}
