package dev.lading.toolchain.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.XZInputStream;

/**
 * The resolver on the archive's real trixie arm64 index, from the mirror the machine's apt sources name (the same
 * default lading uses), checked against apt's own choice from the same index where apt is installed. Skipped only
 * on a machine without apt sources; without network it fails.
 */
class RealIndexResolveTest {
    private static final List<String> REQUESTS = List.of("libc6-dev", "libgcc-14-dev", "libstdc++-14-dev",
            "linux-libc-dev", "zlib1g-dev", "libssl-dev", "liblz4-dev");

    @TempDir
    Path directory;

    @Test
    void resolvesASysrootOfRealTrixieArm64Packages() throws Exception {
        Optional<String> mirror = aptMirror();
        assertTrue(mirror.isPresent(), "no apt sources on this machine: the tests read the Debian mirror from them");

        long start = System.nanoTime();
        String index = download(mirror.get().replaceAll("/+$", "") + "/dists/trixie/main/binary-arm64/Packages.xz");
        long downloaded = System.nanoTime();
        List<Deb822.Paragraph> paragraphs = Deb822.parse(index);
        PackageUniverse universe = PackageUniverse.of("arm64", paragraphs);
        long parsed = System.nanoTime();
        Resolution resolution = Resolver.resolve(REQUESTS, universe);
        long resolved = System.nanoTime();

        List<String> names = resolution.names();
        assertTrue(universe.size() > 50_000, "a whole index: " + universe.size());
        assertTrue(names.containsAll(List.of("libc6", "zlib1g", "libssl3t64", "liblz4-1", "libgcc-s1")), names
                .toString());
        assertTrue(names.containsAll(REQUESTS), names.toString());
        assertEquals(names.size(), new HashSet<>(names).size(), "a package twice: " + names);
        assertClosed(resolution);
        assertTrue(names.indexOf("zlib1g") < names.indexOf("zlib1g-dev"), names.toString());
        assertTrue(names.indexOf("libssl3t64") < names.indexOf("libssl-dev"), names.toString());
        assertEquals(names, Resolver.resolve(REQUESTS, universe).names(), "the same input gives the same order");

        System.out.printf("trixie arm64: %d packages in the index; %d resolved: %s%n", universe.size(), names.size(),
                String.join(" ", names));
        System.out.printf("download %d ms, xz + parse + index %d ms, resolve %d ms; notes: %s%n",
                millis(start, downloaded), millis(downloaded, parsed), millis(parsed, resolved), resolution.notes());

        assertEveryEntryReadsAndPrintsAsTheArchiveWritesIt(paragraphs);
        assertTrue(onPath("apt-get"), "apt-get, the oracle of this test, is not on the PATH");
        Map<String, String> versions = new TreeMap<>();
        resolution.packages().forEach(p -> versions.put(p.name(), p.version().toString()));
        assertEquals(aptChoice(index, REQUESTS), versions, "apt, given the same index, installs the same");
    }

    /**
     * The parsers on all the archive's entries: each reads as a record, and each relation field (the archive writes
     * them in canonical form) prints back byte for byte.
     */
    private static void assertEveryEntryReadsAndPrintsAsTheArchiveWritesIt(List<Deb822.Paragraph> paragraphs) {
        int fields = 0;
        for (Deb822.Paragraph paragraph : paragraphs) {
            PackageRecord record = PackageRecord.of(paragraph);
            assertEquals(paragraph.get("Version"), record.version().toString());
            for (String field : List.of("Depends", "Pre-Depends", "Provides", "Recommends", "Suggests", "Breaks",
                    "Conflicts", "Replaces", "Enhances")) {
                String value = paragraph.get(field);
                if (value != null) {
                    assertEquals(value, Relation.format(Relation.parseField(value)), record + " " + field);
                    fields++;
                }
            }
        }
        assertTrue(fields > 100_000, "relation fields checked: " + fields);
    }

    /**
     * What apt would install on an empty arm64 system from {@code index} alone, without Recommends: apt as the
     * oracle, run on a flat file repository in a private apt directory (no network, no root, the host untouched).
     */
    private Map<String, String> aptChoice(String index, List<String> requests) throws Exception {
        Path repository = Files.createDirectories(directory.resolve("repository"));
        Files.writeString(repository.resolve("Packages"), index);
        Path etc = Files.createDirectories(directory.resolve("etc"));
        Files.createDirectories(etc.resolve("apt.conf.d"));
        Files.createDirectories(etc.resolve("preferences.d"));
        Files.createDirectories(etc.resolve("sources.list.d"));
        Files.writeString(etc.resolve("sources.list"),
                "deb [trusted=yes allow-insecure=yes] file:" + repository.toAbsolutePath() + " ./\n");
        Path state = Files.createDirectories(directory.resolve("state"));
        Files.createDirectories(state.resolve("lists/partial"));
        Files.writeString(state.resolve("status"), "");
        Files.createDirectories(directory.resolve("cache/archives/partial"));
        List<String> apt = new ArrayList<>(List.of("apt-get", "-o", "Dir::Etc=" + etc.toAbsolutePath(),
                "-o", "Dir::Etc::SourceList=" + etc.resolve("sources.list").toAbsolutePath(),
                "-o", "Dir::Etc::SourceParts=" + etc.resolve("sources.list.d").toAbsolutePath(),
                "-o", "Dir::Etc::Parts=" + etc.resolve("apt.conf.d").toAbsolutePath(),
                "-o", "Dir::Etc::PreferencesParts=" + etc.resolve("preferences.d").toAbsolutePath(),
                "-o", "Dir::State=" + state.toAbsolutePath(),
                "-o", "Dir::State::status=" + state.resolve("status").toAbsolutePath(),
                "-o", "Dir::Cache=" + directory.resolve("cache").toAbsolutePath(),
                "-o", "APT::Architecture=arm64", "-o", "APT::Architectures=arm64", "-o", "Debug::NoLocking=1"));
        run(apt, "update");
        Map<String, String> chosen = new TreeMap<>();
        Pattern install = Pattern.compile("^Inst (\\S+) \\((\\S+) .*");
        List<String> simulate = new ArrayList<>(List.of("-s", "--no-install-recommends", "install"));
        simulate.addAll(requests);
        for (String line : run(apt, simulate.toArray(String[]::new)).lines().toList()) {
            Matcher matcher = install.matcher(line);
            if (matcher.matches()) {
                chosen.put(matcher.group(1), matcher.group(2));
            }
        }
        return chosen;
    }

    private static String run(List<String> command, String... arguments) throws Exception {
        List<String> full = new ArrayList<>(command);
        full.addAll(List.of(arguments));
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), String.join(" ", full) + "\n" + output);
        return output;
    }

    private static boolean onPath(String tool) throws Exception {
        Process process = new ProcessBuilder("sh", "-c", "command -v " + tool).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor() == 0;
    }

    /** Every relation of every chosen package is met by a chosen package, by name or by what it provides. */
    private static void assertClosed(Resolution resolution) {
        Map<String, PackageRecord> chosen = resolution.packages().stream()
                .collect(Collectors.toMap(PackageRecord::name, Function.identity()));
        for (PackageRecord record : resolution.packages()) {
            List<List<Relation>> relations = new ArrayList<>(record.preDepends());
            relations.addAll(record.depends());
            for (List<Relation> group : Relation.forArchitecture(relations, "arm64")) {
                boolean met = group.stream().anyMatch(relation -> chosen.values().stream().anyMatch(candidate ->
                        (candidate.name().equals(relation.name()) && relation.acceptsVersion(candidate.version()))
                                || candidate.provides().stream().anyMatch(p -> p.name().equals(relation.name())
                                && (relation.op() == null || (p.version() != null
                                && relation.acceptsVersion(p.version()))))));
                assertTrue(met, record.name() + ": " + Relation.formatGroup(group) + " is not met");
            }
        }
    }

    private static String download(String url) throws IOException {
        OkHttpClient client = new OkHttpClient.Builder().callTimeout(Duration.ofMinutes(2)).build();
        try (Response response = client.newCall(new Request.Builder().url(url).build()).execute()) {
            assertTrue(response.isSuccessful(), url + ": HTTP " + response.code());
            try (InputStream xz = new XZInputStream(response.body().byteStream())) {
                return new String(xz.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    /** The first URI of the host's apt sources: deb822 {@code .sources} files, else the one-line format. */
    private static Optional<String> aptMirror() throws IOException {
        Path directory = Path.of("/etc/apt/sources.list.d");
        if (Files.isDirectory(directory)) {
            List<Path> files = new ArrayList<>();
            try (DirectoryStream<Path> sources = Files.newDirectoryStream(directory, "*.sources")) {
                sources.forEach(files::add);
            }
            files.sort(null);
            for (Path file : files) {
                for (Deb822.Paragraph paragraph : Deb822.parse(Files.readString(file))) {
                    String uris = paragraph.get("URIs");
                    String types = paragraph.get("Types") == null ? "deb" : paragraph.get("Types");
                    if (uris != null && !uris.isBlank() && List.of(types.split("\\s+")).contains("deb")) {
                        return Optional.of(uris.strip().split("\\s+")[0]);
                    }
                }
            }
        }
        Path list = Path.of("/etc/apt/sources.list");
        if (Files.isRegularFile(list)) {
            for (String line : Files.readAllLines(list)) {
                String[] words = line.replaceAll("\\[[^]]*]", " ").strip().split("\\s+");
                if (words.length >= 2 && words[0].equals("deb")) {
                    return Optional.of(words[1]);
                }
            }
        }
        return Optional.empty();
    }

    private static long millis(long from, long to) {
        return Duration.ofNanos(to - from).toMillis();
    }
}
