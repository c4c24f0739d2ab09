package dev.lading.toolchain.packages;

import dev.lading.core.InputException;
import dev.lading.core.LadingException;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where Debian packages come from. lading names no mirror of its own: the user's flag or environment, else the
 * mirror the host's apt already uses, which is the one the user's network allows and is close to.
 */
public final class PackageMirror {
    public static final String ENV = "LADING_PACKAGE_MIRROR";

    private PackageMirror() {
    }

    /**
     * The mirror: {@code flag} (the {@code --package-mirror} value) when given, else {@code env}'s
     * {@value #ENV}, else the first Debian {@code deb} URI in the apt sources under {@code etcApt}.
     *
     * @throws InputException when none of these names one, saying how to set one
     */
    public static URI discover(String flag, Map<String, String> env, Path etcApt) {
        if (flag != null && !flag.isBlank()) {
            return parse(flag, "--package-mirror");
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return parse(fromEnv, ENV);
        }
        return fromApt(etcApt).orElseThrow(() -> new InputException("no Debian package mirror: pass --package-mirror "
                + "URL or set " + ENV + " (no 'deb' source ending in /debian found in " + etcApt + ")"));
    }

    /** The first {@code deb} URI whose path ends in {@code /debian}, in apt's reading order. */
    static Optional<URI> fromApt(Path etcApt) {
        for (Path file : sourceFiles(etcApt)) {
            List<String> uris;
            try {
                uris = file.getFileName().toString().endsWith(".sources") ? deb822Uris(read(file))
                        : oneLineUris(read(file));
            } catch (IllegalArgumentException e) {
                throw new InputException(file + ": not an apt sources file (" + e.getMessage()
                        + "); pass --package-mirror URL or set " + ENV);
            }
            for (String uri : uris) {
                Optional<URI> debian = debianUri(uri);
                if (debian.isPresent()) {
                    return debian;
                }
            }
        }
        return Optional.empty();
    }

    /** apt reads sources.list first, then the directory's files in name order. */
    private static List<Path> sourceFiles(Path etcApt) {
        List<Path> files = new ArrayList<>();
        Path main = etcApt.resolve("sources.list");
        if (Files.isRegularFile(main)) {
            files.add(main);
        }
        Path dir = etcApt.resolve("sources.list.d");
        if (Files.isDirectory(dir)) {
            List<Path> parts = new ArrayList<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*.{list,sources}")) {
                entries.forEach(parts::add);
            } catch (IOException e) {
                throw new LadingException("cannot list " + dir + ": " + e.getMessage(), e);
            }
            parts.stream().filter(Files::isRegularFile).sorted().forEach(files::add);
        }
        return files;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LadingException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code deb [opt=value ...] URI suite component...}; {@code deb-src} and comments are skipped. */
    static List<String> oneLineUris(String text) {
        List<String> uris = new ArrayList<>();
        for (String raw : text.split("\n")) {
            int hash = raw.indexOf('#');
            String line = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
            if (!line.startsWith("deb ") && !line.startsWith("deb\t")) {
                continue;
            }
            String rest = line.substring(3).strip();
            if (rest.startsWith("[")) {
                int close = rest.indexOf(']');
                if (close < 0) {
                    continue;
                }
                rest = rest.substring(close + 1).strip();
            }
            String[] words = rest.split("\\s+");
            if (!words[0].isEmpty()) {
                uris.add(words[0]);
            }
        }
        return uris;
    }

    /** Paragraphs whose {@code Types} include {@code deb} and that are not {@code Enabled: no}: their URIs. */
    static List<String> deb822Uris(String text) {
        // Comment lines may sit inside a paragraph here, between fields: drop them before the deb822 reader sees them.
        String withoutComments = text.lines().filter(line -> !line.stripLeading().startsWith("#"))
                .collect(Collectors.joining("\n"));
        List<String> uris = new ArrayList<>();
        for (Deb822.Paragraph paragraph : Deb822.parse(withoutComments)) {
            String types = field(paragraph, "Types");
            String enabled = field(paragraph, "Enabled");
            if (types == null || !List.of(types.split("\\s+")).contains("deb")
                    || (enabled != null && enabled.strip().equalsIgnoreCase("no"))) {
                continue;
            }
            String value = field(paragraph, "URIs");
            if (value != null) {
                for (String uri : value.split("\\s+")) {
                    if (!uri.isEmpty()) {
                        uris.add(uri);
                    }
                }
            }
        }
        return uris;
    }

    /** apt's field names are case-insensitive in sources files. */
    private static String field(Deb822.Paragraph paragraph, String name) {
        return paragraph.fields().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    /** Debian's own archive, not its security archive or a third party's repository on the same host. */
    private static Optional<URI> debianUri(String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme();
            String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "");
            if (("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) && uri.getHost() != null
                    && path.endsWith("/debian")) {
                return Optional.of(uri);
            }
        } catch (URISyntaxException e) {
            // not a URI apt could use either
        }
        return Optional.empty();
    }

    private static URI parse(String text, String source) {
        try {
            URI uri = new URI(text.strip());
            if (uri.getScheme() == null || !(uri.getScheme().equalsIgnoreCase("http")
                    || uri.getScheme().equalsIgnoreCase("https")) || uri.getHost() == null) {
                throw new InputException(source + ": not an http(s) URL: " + text);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new InputException(source + ": not an http(s) URL: " + text);
        }
    }
}
