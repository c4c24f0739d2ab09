package dev.lading.toolchain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.InputException;
import dev.lading.core.buildfile.BuildFileParser;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build: section checked against the files it names, before any toolchain is looked for. */
class ProjectTest {
    @TempDir
    Path dir;

    private Project project(String build) throws Exception {
        Fixtures.write(dir, "lading.yaml", build + "layers:\n  - files:\n      - artifact: app\n        dest: /app\n");
        return Project.of(BuildFileParser.parse(dir.resolve("lading.yaml")).build(), dir,
                SearchPath.of(System.getenv()));
    }

    @Test
    void aSourceThatIsNeitherCNorCppNamesItsLine() throws Exception {
        Fixtures.write(dir, "start.s", "");
        InputException e = assertThrows(InputException.class,
                () -> project("build:\n  executables:\n    - name: app\n      sources: [start.s]\n"));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("'start.s' is neither C (.c) nor C++"), e.getMessage());
    }

    @Test
    void aMissingSourceIsBadInput() {
        InputException e = assertThrows(InputException.class,
                () -> project("build:\n  executables:\n    - name: app\n      sources: [gone.c]\n"));
        assertTrue(e.getMessage().contains("source 'gone.c' not found"), e.getMessage());
    }

    @Test
    void aCMakeSourceWithoutCMakeListsIsBadInput() {
        InputException e = assertThrows(InputException.class,
                () -> project("build:\n  cmake:\n    source: sub\n"));
        assertTrue(e.getMessage().contains("build.cmake") && e.getMessage().contains("no CMakeLists.txt"),
                e.getMessage());
    }

    @Test
    void cppSourcesNeedTheCppLibraryAndObjectsStayInsideTheirDirectory() throws Exception {
        Fixtures.write(dir.getParent(), "shared/util.c", "", dir.getFileName() + "/main.cpp", "");
        SourcesProject project = (SourcesProject) project(
                "build:\n  executables:\n    - name: app\n      sources: [main.cpp, ../shared/util.c]\n");
        assertEquals(new Toolchain.Needs(true, false), project.needs());
        assertEquals(Path.of("__/shared/util.c.o"), project.programs().get(0).sources().get(1).objectPath());
        assertEquals(Language.CXX, project.programs().get(0).linkLanguage());
    }

    @Test
    void cmakeProjectsNeedCppAndAnArchiverAndKeepTheirDefinesInOrder() throws Exception {
        Fixtures.write(dir, "CMakeLists.txt", "project(x C)\n");
        CMakeProject project = (CMakeProject) project(
                "build:\n  cmake:\n    defines: {B: 2, A: 1}\n");
        assertEquals(new Toolchain.Needs(true, true), project.needs());
        assertEquals(Map.of("B", "2", "A", "1"), project.spec().defines());
        assertEquals("[B, A]", project.spec().defines().keySet().toString());
        assertEquals(dir.toAbsolutePath().normalize(), project.sourceDirectory());
    }
}
