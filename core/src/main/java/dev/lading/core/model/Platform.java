package dev.lading.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.lading.core.InputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An OCI platform. The variant matters: {@code linux/arm/v7} is not {@code linux/arm/v6}. Values are kept in the
 * normalized form containerd uses, so {@code arm} means {@code arm/v7} and {@code arm64/v8} means {@code arm64}.
 */
@JsonPropertyOrder({"architecture", "os", "variant"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Platform(
        @JsonProperty("os") String os,
        @JsonProperty("architecture") String architecture,
        @JsonProperty("variant") String variant) {

    /** The platforms lading builds for, in the order it lists them. */
    public static final List<Platform> SUPPORTED = List.of(
            new Platform("linux", "amd64", null),
            new Platform("linux", "arm64", null),
            new Platform("linux", "arm", "v7"),
            new Platform("linux", "arm", "v6"),
            new Platform("linux", "386", null),
            new Platform("linux", "riscv64", null),
            new Platform("linux", "ppc64le", null),
            new Platform("linux", "s390x", null));

    public Platform {
        if (os == null || os.isEmpty() || architecture == null || architecture.isEmpty()) {
            throw new InputException("a platform needs an os and an architecture");
        }
        if (variant != null && variant.isEmpty()) {
            variant = null;
        }
    }

    /**
     * Parses {@code os/arch[/variant]} or a bare architecture ({@code amd64}, {@code arm64}, {@code arm}) as
     * {@code docker buildx build --platform} does, and refuses anything lading cannot build.
     */
    public static Platform parse(String text) {
        String trimmed = text.trim().toLowerCase(Locale.ROOT);
        String[] parts = trimmed.split("/", -1);
        Platform platform;
        if (parts.length == 1 && !trimmed.isEmpty()) {
            platform = normalize("linux", parts[0], null);
        } else if ((parts.length == 2 || parts.length == 3) && !parts[0].isEmpty() && !parts[1].isEmpty()) {
            platform = normalize(parts[0], parts[1], parts.length == 3 ? parts[2] : null);
        } else {
            throw new InputException("malformed platform '" + text + "': expected os/arch[/variant], e.g. linux/arm64");
        }
        if (!SUPPORTED.contains(platform)) {
            throw new InputException("unsupported platform '" + text + "'; supported: " + supportedList());
        }
        return platform;
    }

    /** Parses a comma-separated list, keeping the user's order and dropping repeats. */
    public static List<Platform> parseList(String commaSeparated) {
        List<Platform> platforms = new ArrayList<>();
        for (String part : commaSeparated.split(",")) {
            if (part.isBlank()) {
                throw new InputException("empty platform in '" + commaSeparated + "'");
            }
            Platform platform = parse(part);
            if (!platforms.contains(platform)) {
                platforms.add(platform);
            }
        }
        return List.copyOf(platforms);
    }

    /**
     * This platform in containerd's normal form, whether lading builds for it or not: a registry's {@code arm64/v8}
     * is {@code arm64}, its {@code arm} is {@code arm/v7}. Parsed platforms are normal already.
     */
    public Platform normalized() {
        return normalize(os, architecture, variant);
    }

    private static Platform normalize(String os, String arch, String variant) {
        String normalizedArch = switch (arch) {
            case "x86_64", "x86-64" -> "amd64";
            case "aarch64" -> "arm64";
            case "i386", "i686", "x86" -> "386";
            default -> arch;
        };
        String normalizedVariant = variant;
        if (normalizedArch.equals("arm64") && variant != null && (variant.equals("v8") || variant.equals("8"))) {
            normalizedVariant = null;
        } else if (normalizedArch.equals("arm") && (variant == null || variant.equals("7"))) {
            normalizedVariant = "v7";
        } else if (normalizedArch.equals("arm") && !variant.startsWith("v")) {
            normalizedVariant = "v" + variant;
        }
        return new Platform(os, normalizedArch, normalizedVariant);
    }

    private static String supportedList() {
        return String.join(", ", SUPPORTED.stream().map(Platform::toString).toList());
    }

    @Override
    public String toString() {
        return os + '/' + architecture + (variant == null ? "" : '/' + variant);
    }
}
