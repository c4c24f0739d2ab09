package dev.lading.core.buildfile;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The parsed {@code lading.yaml}. Values are checked for form only; whether files exist, references
 * resolve and platforms are known is decided later, which is why those values keep their {@link Origin}.
 *
 * @param from         the base image reference, or "scratch"
 * @param platforms    as written; empty when the file names none (the CLI decides)
 * @param toolchain    auto, zig or clang
 * @param build        null when only prebuilt files are imaged
 * @param packages     null when the build uses no Debian packages
 * @param env          in the order written
 * @param workdir      empty when not set
 * @param user         empty when not set
 * @param labels       sorted by key
 * @param exposedPorts normalised to {@code N/tcp} or {@code N/udp}
 * @param annotations  sorted by key
 */
public record BuildFile(Located<String> from, List<Located<String>> platforms, String toolchain, Build build,
                        Packages packages,
                        List<LayerSpec> layers, List<String> entrypoint, List<String> cmd,
                        Map<String, String> env, String workdir, String user, Map<String, String> labels,
                        List<String> exposedPorts, Map<String, String> annotations) {
    public BuildFile {
        Objects.requireNonNull(from, "from");
        platforms = List.copyOf(platforms);
        Objects.requireNonNull(toolchain, "toolchain");
        layers = List.copyOf(layers);
        entrypoint = List.copyOf(entrypoint);
        cmd = List.copyOf(cmd);
        env = Maps.ordered(env);
        Objects.requireNonNull(workdir, "workdir");
        Objects.requireNonNull(user, "user");
        labels = Maps.sorted(labels);
        exposedPorts = List.copyOf(exposedPorts);
        annotations = Maps.sorted(annotations);
    }

    /** The platform strings without their origins. */
    public List<String> platformNames() {
        return platforms.stream().map(Located::value).toList();
    }
}
