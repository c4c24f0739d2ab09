package dev.lading.core.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file's content opens the file it was made for, also when its name is bytes this JVM cannot decode. */
class FileContentTest {
    @TempDir
    Path dir;

    @Test
    void opensAndFingerprintsTheFileByItsName() throws IOException {
        Path file = Files.writeString(dir.resolve("a file é.txt"), "hello");
        Content content = Content.ofFile(file, 5);
        assertEquals("hello", read(content));
        String before = content.fingerprint();
        Files.writeString(file, "hellO");
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(0));
        assertNotEquals(before, content.fingerprint());
        assertEquals(file.toString(), content.toString());
    }

    @Test
    void aNameThatIsNotTextStillOpensItsFile() throws Exception {
        // byte 0xE9 alone is Latin-1 "é" and no UTF-8 at all: only the directory listing gives a Path that names it
        Process touch = new ProcessBuilder("sh", "-c", "printf data > \"$(printf 'caf\\351')\"")
                .directory(dir.toFile()).inheritIO().start();
        assertEquals(0, touch.waitFor());
        List<Path> listed;
        try (Stream<Path> files = Files.list(dir)) {
            listed = files.toList();
        }
        assertEquals(1, listed.size());
        Path file = listed.get(0);
        assertNotEquals(file, Path.of(file.toString()), "the listed name decodes lossily in this JVM");
        assertEquals("data", read(Content.ofFile(file, 4)));
    }

    private static String read(Content content) throws IOException {
        try (InputStream in = content.open()) {
            return new String(in.readAllBytes(), UTF_8);
        }
    }
}
