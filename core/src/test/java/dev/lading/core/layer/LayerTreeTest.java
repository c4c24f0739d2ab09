package dev.lading.core.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.InputException;
import dev.lading.core.io.Content;
import java.util.List;
import org.junit.jupiter.api.Test;

class LayerTreeTest {
    private static LayerEntry file(String path) {
        return LayerEntry.file(path, Content.ofBytes(new byte[] {1}), 0644, 0, 0, "origin of " + path);
    }

    @Test
    void impliesParentsOnceAndSortsComponentWise() {
        LayerTree tree = LayerTree.builder()
                .add(file("app-x/z"))
                .add(file("app/b"))
                .add(file("app/a/c"))
                .add(LayerEntry.directory("app", 0700, 5, 5, "explicit"))
                .build();
        assertEquals(List.of("app", "app/a", "app/a/c", "app/b", "app-x", "app-x/z"),
                tree.entries().stream().map(LayerEntry::path).toList());
        LayerEntry app = tree.entries().get(0);
        assertEquals(0700, app.mode(), "an explicit directory keeps its own mode");
        LayerEntry implied = tree.entries().get(1);
        assertEquals(LayerEntry.Type.DIRECTORY, implied.type());
        assertEquals(0755, implied.mode());
        assertEquals(0, implied.uid());
    }

    @Test
    void twoFilesAtOnePathCollide() {
        LayerTree.Builder builder = LayerTree.builder().add(file("etc/app.conf"));
        InputException e = assertThrows(InputException.class, () -> builder.add(file("etc/app.conf")));
        assertTrue(e.getMessage().contains("/etc/app.conf"), e.getMessage());
        assertTrue(e.getMessage().contains("origin of etc/app.conf"), e.getMessage());
    }

    @Test
    void aFileCannotBeAParentDirectory() {
        LayerTree.Builder builder = LayerTree.builder().add(file("app")).add(file("app/x"));
        InputException e = assertThrows(InputException.class, builder::build);
        assertTrue(e.getMessage().contains("needs /app to be a directory"), e.getMessage());
    }

    @Test
    void theSameDirectoryTwiceIsMerged() {
        LayerTree tree = LayerTree.builder()
                .add(LayerEntry.directory("data", 0755, 0, 0, "first"))
                .add(LayerEntry.directory("data", 0755, 0, 0, "second"))
                .build();
        assertEquals(1, tree.entries().size());
        assertThrows(InputException.class, () -> LayerTree.builder()
                .add(LayerEntry.directory("data", 0755, 0, 0, "first"))
                .add(LayerEntry.directory("data", 0700, 0, 0, "second")));
    }

    @Test
    void entryPathsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> file("/absolute"));
        assertThrows(IllegalArgumentException.class, () -> file("trailing/"));
        assertThrows(IllegalArgumentException.class,
                () -> LayerEntry.file("x", Content.ofBytes(new byte[0]), 010000, 0, 0, "o"));
    }
}
