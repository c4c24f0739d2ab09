package dev.lading.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** The image config blob: platform, run configuration, the layers' diffIDs and their history. */
@JsonPropertyOrder({"created", "architecture", "os", "variant", "config", "rootfs", "history"})
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ConfigFile(
        @JsonProperty("created") String created,
        @JsonProperty("architecture") String architecture,
        @JsonProperty("os") String os,
        @JsonProperty("variant") String variant,
        @JsonProperty("config") ContainerConfig config,
        @JsonProperty("rootfs") RootFs rootfs,
        @JsonProperty("history") List<History> history) {

    public ConfigFile {
        config = config == null ? ContainerConfig.EMPTY : config;
        rootfs = rootfs == null ? new RootFs("layers", List.of()) : rootfs;
        history = history == null ? List.of() : List.copyOf(history);
    }

    public Platform platform() {
        return new Platform(os, architecture, variant);
    }

    @JsonPropertyOrder({"type", "diff_ids"})
    public record RootFs(
            @JsonProperty("type") String type,
            @JsonProperty("diff_ids") @JsonInclude(JsonInclude.Include.ALWAYS) List<Digest> diffIds) {
        public RootFs {
            if (!"layers".equals(type)) {
                throw new IllegalArgumentException("rootfs.type must be 'layers', got '" + type + "'");
            }
            diffIds = diffIds == null ? List.of() : List.copyOf(diffIds);
        }
    }

    @JsonPropertyOrder({"created", "created_by", "comment", "empty_layer"})
    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    public record History(
            @JsonProperty("created") String created,
            @JsonProperty("created_by") String createdBy,
            @JsonProperty("comment") String comment,
            @JsonProperty("empty_layer") boolean emptyLayer) {
    }
}
