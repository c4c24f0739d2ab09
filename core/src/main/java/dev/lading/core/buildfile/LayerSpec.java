package dev.lading.core.buildfile;

import java.util.List;
import java.util.Objects;

/** One layer of every platform's image, in build file order. */
public record LayerSpec(String name, List<FileSpec> files, Origin origin) {
    public LayerSpec {
        Objects.requireNonNull(name, "name");
        files = List.copyOf(files);
        Objects.requireNonNull(origin, "origin");
    }
}
