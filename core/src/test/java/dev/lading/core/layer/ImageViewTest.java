package dev.lading.core.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.io.Content;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageViewTest {
    private static LayerEntry file(String path, String text) {
        return LayerEntry.file(path, Content.ofBytes(text.getBytes(StandardCharsets.UTF_8)), 0644, 0, 0, "l");
    }

    private static LayerTree layer(LayerEntry... entries) {
        LayerTree.Builder builder = LayerTree.builder();
        List.of(entries).forEach(builder::add);
        return builder.build();
    }

    @Test
    void laterLayersReplaceEarlierEntriesAndDirectoriesMerge() {
        ImageView view = ImageView.scratch(List.of(
                layer(file("etc/a", "1"), file("usr/lib/x/libz.so.1", "z"), file("opt/tool/bin", "b")),
                layer(file("etc/a", "2"), file("etc/b", "3"), LayerEntry.symlink("opt/tool", "/elsewhere", 0, 0, "l"))));
        assertTrue(view.complete());
        assertEquals(List.of("/etc", "/etc/a", "/etc/b", "/opt", "/opt/tool", "/usr", "/usr/lib", "/usr/lib/x",
                "/usr/lib/x/libz.so.1"), List.copyOf(view.files().keySet()));
        assertEquals(1, view.files().get("/etc/a").content().size());
        assertEquals("/elsewhere", view.files().get("/opt/tool").linkTarget(), "a symlink hides the directory");
        assertFalse(view.files().get("/etc/b").fromBase());
    }

    @Test
    void aLayersFileHidesWhatTheBaseHadBeneathThatPath() {
        Map<String, ImageFile> base = Map.of(
                "/lib", new ImageFile(LayerEntry.Type.DIRECTORY, null, null, "base", true),
                "/lib/libc.so.6", new ImageFile(LayerEntry.Type.FILE, Content.ofBytes(new byte[1]), null, "base", true),
                "/lib2", new ImageFile(LayerEntry.Type.DIRECTORY, null, null, "base", true));
        ImageView view = ImageView.over(base, false, List.of(layer(LayerEntry.symlink("lib", "usr/lib", 0, 0, "l"))));
        assertFalse(view.complete());
        assertEquals(List.of("/lib", "/lib2"), List.copyOf(view.files().keySet()));
        assertFalse(view.files().get("/lib").fromBase());
        assertTrue(view.files().get("/lib2").fromBase());
    }
}
