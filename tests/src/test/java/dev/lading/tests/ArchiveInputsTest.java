package dev.lading.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lading push oci-archive:FILE} and {@code lading inspect oci-archive:FILE} against the reference registry,
 * compared with what GNU tar finds in the archive and what skopeo sees; and archives built to escape the directory
 * lading unpacks them in.
 */
class ArchiveInputsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Lading lading;
    static RegistryServer registry;
    static Path archive;
    /** The digest of the archive's root index, as index.json in the archive names it. */
    static String rootDigest;

    @BeforeAll
    static void archiveAndRegistry() throws Exception {
        lading = new Lading(dir.resolve("home"), Duration.ofMinutes(2));
        registry = RegistryServer.start(RegistryServer.Setup.anonymous());
        Path context = SmallImage.context(dir.resolve("context"), 40_000, 60_000);
        archive = dir.resolve("image.tar");
        // with its attestations: they are entries of the archive's index, and must travel with it
        lading.ok("build", context.toString(), "--progress", "quiet", "--output", "type=oci-archive,dest=" + archive);
        JsonNode top = JSON.readTree(Tool.ok("tar", "-xOf", archive.toString(), "index.json"));
        rootDigest = top.get("manifests").get(0).get("digest").asText();
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    /** The blobs in the archive, by digest, as GNU tar lists them. */
    private static Set<String> archivedBlobs() throws Exception {
        return Tool.ok("tar", "-tf", archive.toString()).lines()
                .filter(name -> name.startsWith("blobs/sha256/") && name.length() > "blobs/sha256/".length())
                .map(name -> "sha256:" + name.substring("blobs/sha256/".length()))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static byte[] archivedBlob(String digest) throws Exception {
        Tool.Result result = Tool.run(dir, Map.of(), List.of("tar", "-xOf", archive.toString(),
                "blobs/sha256/" + digest.substring("sha256:".length())), Duration.ofMinutes(1));
        assertEquals(0, result.exitCode(), result.toString());
        return result.stdoutBytes();
    }

    private static List<String> skopeo(String prefix, String... args) {
        List<String> command = new ArrayList<>(List.of("skopeo"));
        command.add(args[0]);
        command.addAll(registry.skopeoTransport(prefix));
        command.addAll(List.of(args).subList(1, args.length));
        return command;
    }

    @Test
    void pushedArchiveIsWhatSkopeoPullsFromTheRegistry() throws Exception {
        String reference = registry.reference("archive/pushed:1");
        Tool.Result pushed = lading.ok("push", "oci-archive:" + archive, reference);
        assertTrue(pushed.stdout().contains("@" + rootDigest), pushed.toString());

        Tool.Result raw = Tool.run(dir, Map.of(), skopeo("", "inspect", "--raw", "docker://" + reference),
                Duration.ofMinutes(1));
        assertEquals(0, raw.exitCode(), raw.toString());
        assertArrayEquals(archivedBlob(rootDigest), raw.stdoutBytes(), "the registry serves the archive's index");

        // every blob of the archive, attestations included, and nothing else is what skopeo copies back out
        Path copy = dir.resolve("pulled");
        Tool.Result pulled = Tool.run(dir, Map.of(), skopeo("src-", "copy", "--all", "docker://" + reference,
                "oci:" + copy + ":x"), Duration.ofMinutes(1));
        assertEquals(0, pulled.exitCode(), pulled.toString());
        Set<String> copied;
        try (Stream<Path> blobs = Files.list(copy.resolve("blobs/sha256"))) {
            copied = blobs.map(p -> "sha256:" + p.getFileName()).collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(archivedBlobs(), copied);
        JsonNode index = JSON.readTree(raw.stdoutBytes());
        assertEquals(4, index.get("manifests").size(), "two platforms and their attestations: " + index);
    }

    @Test
    void aTaggedArchiveReferencePushesTheSameIndex() throws Exception {
        String reference = registry.reference("archive/tagged:1");
        lading.ok("push", "oci-archive:" + archive + ":latest", reference);
        assertEquals(rootDigest, SmallImage.digestInRegistry(registry, "archive/tagged:1"));
        lading.fails(2, "push", "oci-archive:" + archive + ":nosuchtag", registry.reference("archive/tagged:2"));
    }

    /** An archive another tool wrote (skopeo's directories, modes and owners) is read and pushed the same. */
    @Test
    void anArchiveSkopeoWroteIsPushed() throws Exception {
        Path skopeoArchive = dir.resolve("skopeo.tar");
        Tool.ok("skopeo", "copy", "--all", "--preserve-digests", "oci-archive:" + archive,
                "oci-archive:" + skopeoArchive + ":1");
        assertArrayEquals(archivedBlob(rootDigest), lading.ok("inspect", "--raw", "oci-archive:" + skopeoArchive + ":1")
                .stdoutBytes());
        lading.ok("push", "oci-archive:" + skopeoArchive, registry.reference("archive/from-skopeo:1"));
        assertEquals(rootDigest, SmallImage.digestInRegistry(registry, "archive/from-skopeo:1"));
    }

    @Test
    void inspectOfAnArchiveMatchesSkopeoAndTheArchive() throws Exception {
        byte[] raw = lading.ok("inspect", "--raw", "oci-archive:" + archive).stdoutBytes();
        assertArrayEquals(archivedBlob(rootDigest), raw);
        String skopeoRaw = Tool.ok("skopeo", "inspect", "--raw", "oci-archive:" + archive);
        assertArrayEquals(skopeoRaw.getBytes(StandardCharsets.UTF_8), raw);

        String text = lading.ok("inspect", "oci-archive:" + archive).stdout();
        assertTrue(text.contains(rootDigest), text);
        JsonNode index = JSON.readTree(raw);
        for (JsonNode entry : index.get("manifests")) {
            assertTrue(text.contains(entry.get("digest").asText()), entry + " in\n" + text);
        }
        assertTrue(text.contains("linux/amd64") && text.contains("linux/arm64"), text);
    }

    @Test
    void missingArchiveIsAUsageError() throws Exception {
        Tool.Result result = lading.fails(2, "inspect", "oci-archive:" + dir.resolve("nothing.tar"));
        assertTrue(result.stderr().contains("nothing.tar"), result.toString());
    }

    // ---- hostile archives: a valid layout plus one entry that reaches out of the unpacking directory

    /** A sandbox: the hostile archive and the only temporary directory lading may use, {@code tmp}. */
    private static Path sandbox(String name) throws IOException {
        Path sandbox = dir.resolve("hostile").resolve(name);
        Files.createDirectories(sandbox.resolve("tmp"));
        return sandbox;
    }

    private interface Extra {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    /** The real archive's entries, GNU tar unpacking them, then {@code extra}, written with commons-compress. */
    private static Path hostileArchive(Path sandbox, Extra extra) throws Exception {
        Path unpacked = dir.resolve("unpacked-" + sandbox.getFileName());
        Files.createDirectories(unpacked);
        Tool.ok("tar", "-xf", archive.toString(), "-C", unpacked.toString());
        Path file = sandbox.resolve("hostile.tar");
        try (OutputStream out = Files.newOutputStream(file); TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            try (Stream<Path> files = Files.walk(unpacked)) {
                for (Path path : files.filter(Files::isRegularFile).sorted().toList()) {
                    String name = unpacked.relativize(path).toString();
                    file(tar, name, Files.readAllBytes(path));
                }
            }
            extra.write(tar);
        }
        return file;
    }

    private static void file(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, true); // true: the name is kept as given, '/' and all
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    /** Runs lading on the archive with {@code sandbox/tmp} as its only temporary directory. */
    private static Tool.Result run(Path sandbox, String... args) throws Exception {
        return lading.run(Map.of("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + sandbox.resolve("tmp")), args);
    }

    /** Everything in the sandbox after the run: the archive and an empty tmp, lading's unpacking removed. */
    private static void assertNothingEscaped(Path sandbox) throws IOException {
        try (Stream<Path> paths = Files.walk(sandbox)) {
            List<String> found = paths.map(p -> sandbox.relativize(p).toString()).sorted().toList();
            assertEquals(List.of("", "hostile.tar", "tmp"), found);
        }
    }

    private static void assertRefused(Tool.Result result, String entry) {
        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.stderr().contains("points outside the archive") && result.stderr().contains(entry),
                result.toString());
        assertTrue(!result.stderr().contains("\tat "), result.toString());
    }

    @Test
    void parentEntriesAreRefusedAndWriteNothing() throws Exception {
        Path sandbox = sandbox("parent");
        Path file = hostileArchive(sandbox, tar -> {
            file(tar, "../escaped-one-up.txt", "x".getBytes(StandardCharsets.UTF_8));
            file(tar, "blobs/../../../escaped.txt", "x".getBytes(StandardCharsets.UTF_8));
        });
        assertRefused(run(sandbox, "inspect", "--raw", "oci-archive:" + file), "../escaped-one-up.txt");
        assertNothingEscaped(sandbox);
    }

    @Test
    void aDeeperParentEntryIsRefusedByPushAndNothingArrives() throws Exception {
        Path sandbox = sandbox("deeper");
        Path file = hostileArchive(sandbox,
                tar -> file(tar, "blobs/../../../escaped.txt", "x".getBytes(StandardCharsets.UTF_8)));
        String reference = registry.reference("archive/hostile:1");
        assertRefused(run(sandbox, "push", "oci-archive:" + file, reference), "blobs/../../../escaped.txt");
        assertNothingEscaped(sandbox);
        Tool.Result inspect = Tool.run(dir, Map.of(), skopeo("", "inspect", "--raw", "docker://" + reference),
                Duration.ofMinutes(1));
        assertNotEquals(0, inspect.exitCode(), "nothing was tagged: " + inspect);
    }

    @Test
    void absoluteEntriesAreRefusedAndWriteNothing() throws Exception {
        Path sandbox = sandbox("absolute");
        String target = sandbox.resolve("absolute.txt").toAbsolutePath().toString();
        Path file = hostileArchive(sandbox, tar -> file(tar, target, "x".getBytes(StandardCharsets.UTF_8)));
        assertTrue(Tool.ok("tar", "-tPf", file.toString()).lines().anyMatch(target::equals),
                "the archive really holds the absolute name");
        assertRefused(run(sandbox, "inspect", "--raw", "oci-archive:" + file), target);
        assertNothingEscaped(sandbox);
    }

    /**
     * A symlink entry pointing out of the directory, then a file written through it. An OCI archive holds only
     * files and directories: the link is refused, with the usage exit code, before anything goes through it.
     */
    @Test
    void aSymlinkEntryIsRefusedAndNothingIsWrittenThroughIt() throws Exception {
        Path sandbox = sandbox("symlink");
        Path outside = dir.resolve("hostile/symlink-target");
        Files.createDirectories(outside);
        Path file = hostileArchive(sandbox, tar -> {
            TarArchiveEntry link = new TarArchiveEntry("escape", TarArchiveEntry.LF_SYMLINK);
            link.setLinkName(outside.toAbsolutePath().toString());
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
            file(tar, "escape/through.txt", "x".getBytes(StandardCharsets.UTF_8));
        });
        String listing = Tool.ok("tar", "-tvf", file.toString());
        assertTrue(listing.contains("escape -> " + outside.toAbsolutePath()), listing);
        Tool.Result result = run(sandbox, "inspect", "--raw", "oci-archive:" + file);
        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.stderr().contains("'escape' is a link"), result.toString());
        try (Stream<Path> written = Files.list(outside)) {
            assertEquals(List.of(), written.toList(), "nothing written through the link");
        }
        assertNothingEscaped(sandbox);
    }

    /** The same with a relative link up to the sandbox, pushed: refused, nothing written, nothing pushed. */
    @Test
    void aRelativeSymlinkEntryIsRefusedByPush() throws Exception {
        Path sandbox = sandbox("relative-symlink");
        Path file = hostileArchive(sandbox, tar -> {
            TarArchiveEntry link = new TarArchiveEntry("up", TarArchiveEntry.LF_SYMLINK);
            link.setLinkName("../..");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
            file(tar, "up/through.txt", "x".getBytes(StandardCharsets.UTF_8));
        });
        String reference = registry.reference("archive/relative-link:1");
        Tool.Result result = run(sandbox, "push", "oci-archive:" + file, reference);
        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.stderr().contains("'up' is a link"), result.toString());
        Tool.Result inspect = Tool.run(dir, Map.of(), skopeo("", "inspect", "--raw", "docker://" + reference),
                Duration.ofMinutes(1));
        assertNotEquals(0, inspect.exitCode(), "nothing was tagged: " + inspect);
        assertNothingEscaped(sandbox);
    }
}
