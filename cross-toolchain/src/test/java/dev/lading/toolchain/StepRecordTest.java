package dev.lading.toolchain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a step may be skipped: the incremental decisions of builds without CMake. */
class StepRecordTest {
    private static final List<String> COMMAND = List.of("cc", "-O2", "-c", "main.c", "-o", "main.o");

    @TempDir
    Path dir;
    Path source;
    Path header;
    Path object;
    StepRecord record;

    @BeforeEach
    void setUp() throws Exception {
        source = Fixtures.write(dir, "main.c", "int main(void) { return 0; }\n").resolve("main.c");
        header = Fixtures.write(dir, "main.h", "#define X 1\n").resolve("main.h");
        object = Fixtures.write(dir, "main.o", "object").resolve("main.o");
        record = new StepRecord(StepRecord.hash(COMMAND),
                List.of(StepRecord.Stamp.of(source).orElseThrow(), StepRecord.Stamp.of(header).orElseThrow()));
    }

    @Test
    void nothingChangedMeansCurrent() throws Exception {
        assertTrue(record.isCurrent(COMMAND, object));
    }

    @Test
    void aNewCommandLineRunsTheStepAgain() throws Exception {
        assertFalse(record.isCurrent(List.of("cc", "-O3", "-c", "main.c", "-o", "main.o"), object));
        assertFalse(record.isCurrent(List.of("cc", "-O2 -c", "main.c", "-o", "main.o"), object),
                "words are kept apart in the hash");
    }

    @Test
    void aChangedHeaderEvenAnOlderOneRunsTheStepAgain() throws Exception {
        Files.setLastModifiedTime(header, FileTime.fromMillis(1000));
        assertFalse(record.isCurrent(COMMAND, object));
    }

    @Test
    void aSourceOfAnotherSizeOrAMissingInputOrOutputRunsTheStepAgain() throws Exception {
        FileTime time = Files.getLastModifiedTime(source);
        Files.writeString(source, "int main(void) { return 1; }\n\n");
        Files.setLastModifiedTime(source, time);
        assertFalse(record.isCurrent(COMMAND, object));
        setUp();
        Files.delete(header);
        assertFalse(record.isCurrent(COMMAND, object));
        setUp();
        Files.delete(object);
        assertFalse(record.isCurrent(COMMAND, object));
    }

    @Test
    void writtenRecordsReadBackAndDamagedOnesReadAsNone() throws Exception {
        Path file = dir.resolve("main.o.step");
        record.write(file);
        assertEquals(Optional.of(record), StepRecord.read(file));
        Files.writeString(file, "garbage\n");
        assertEquals(Optional.empty(), StepRecord.read(file));
        assertEquals(Optional.empty(), StepRecord.read(dir.resolve("absent.step")));
    }
}
