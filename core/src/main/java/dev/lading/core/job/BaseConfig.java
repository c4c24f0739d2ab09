package dev.lading.core.job;

import dev.lading.core.buildfile.BuildFile;
import dev.lading.core.model.ContainerConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run configuration of an image: the base's, with what the build file sets on top, following the rules of
 * a Dockerfile's instructions on a {@code FROM} image.
 */
final class BaseConfig {
    /** The PATH buildx gives images whose base and build file set none. */
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private BaseConfig() {
    }

    /** @param base the base image's config, or null for scratch */
    static ContainerConfig merge(ContainerConfig base, BuildFile file) {
        ContainerConfig from = base == null ? ContainerConfig.EMPTY : base;
        Map<String, String> env = new LinkedHashMap<>(from.envMap());
        if (!env.containsKey("PATH") && !file.env().containsKey("PATH")) {
            env.put("PATH", DEFAULT_PATH);
        }
        // as ENV does: a key the base set is replaced where it stands, a new one is appended
        env.putAll(file.env());
        Map<String, Map<String, Object>> ports = new LinkedHashMap<>(from.exposedPorts());
        file.exposedPorts().forEach(port -> ports.put(port, Map.of()));
        Map<String, String> labels = new LinkedHashMap<>(from.labels());
        labels.putAll(file.labels());
        List<String> entrypoint = from.entrypoint();
        List<String> cmd = from.cmd();
        if (!file.entrypoint().isEmpty()) {
            entrypoint = file.entrypoint();
            // as ENTRYPOINT does: the base's CMD was meant as arguments to the base's entrypoint
            cmd = null;
        }
        if (!file.cmd().isEmpty()) {
            cmd = file.cmd();
        }
        return new ContainerConfig(
                file.user().isEmpty() ? from.user() : file.user(),
                ports,
                env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList(),
                entrypoint,
                cmd,
                from.volumes(),
                file.workdir().isEmpty() ? from.workingDir() : file.workdir(),
                labels,
                from.stopSignal());
    }
}
