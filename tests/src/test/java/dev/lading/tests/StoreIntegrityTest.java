package dev.lading.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store stays whole whatever happens around it: outputs edited afterwards, runs killed while writing, a full
 * disk; and two builds writing one new layout both land.
 */
class StoreIntegrityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Above Linux's largest pid (4194304), so never a running process. */
    private static final String GONE_PID = "99999999";

    @TempDir
    Path dir;
    Lading lading;
    Path store;

    @BeforeEach
    void setUp() {
        lading = new Lading(dir.resolve("home"));
        store = dir.resolve("home/store");
    }

    private void build(Path context, Path dest) throws Exception {
        lading.ok("build", context.toString(), "--progress", "quiet", "--output", "type=oci,dest=" + dest);
    }

    /** Every blob of a layout hashes to its name. */
    private static void assertIntact(Path layout) throws Exception {
        try (Stream<Path> blobs = Files.list(layout.resolve("blobs/sha256"))) {
            for (Path blob : blobs.filter(p -> !p.getFileName().toString().startsWith(".")).toList()) {
                String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(blob)));
                assertEquals(blob.getFileName().toString(), hex, "damaged blob in " + layout);
            }
        }
    }

    private static List<Path> temporaries(Path tree) throws IOException {
        try (Stream<Path> files = Files.walk(tree)) {
            return files.filter(p -> p.getFileName().toString().contains(".tmp-")).toList();
        }
    }

    @Test
    void editingABlobOfALayoutInPlaceHarmsNeitherTheStoreNorLaterBuilds() throws Exception {
        Path context = SmallImage.context(dir.resolve("context"), 200_000);
        Path first = dir.resolve("first");
        build(context, first);
        Path layer;
        try (Stream<Path> blobs = Files.list(first.resolve("blobs/sha256"))) {
            layer = blobs.max((a, b) -> Long.compare(a.toFile().length(), b.toFile().length())).orElseThrow();
        }
        try (RandomAccessFile file = new RandomAccessFile(layer.toFile(), "rw")) {
            file.seek(1000);
            int b = file.read();
            file.seek(1000);
            file.write(b ^ 0xff);
        }
        Path second = dir.resolve("second");
        build(context, second);
        assertIntact(store);
        assertIntact(second);
    }

    @Test
    void leftoversOfKilledRunsAreSweptByTheNextRun() throws Exception {
        Path context = SmallImage.context(dir.resolve("context"), 1000);
        Path out = dir.resolve("out");
        build(context, out);
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(3)));
        List<Path> stale = new ArrayList<>();
        for (Path directory : List.of(store, store.resolve("blobs/sha256"), store.resolve("lading-cache/layers"),
                out.resolve("blobs/sha256"))) {
            stale.add(Files.write(directory.resolve(".tmp-" + GONE_PID + "-1"), new byte[1 << 20]));
            stale.add(Files.write(directory.resolve(".tmp-4711"), new byte[10]));
        }
        Path abandoned = Files.createDirectories(dir.resolve(".out.tmp-" + GONE_PID + "-2/blobs/sha256"));
        stale.add(Files.write(abandoned.resolve("abc"), new byte[100]));
        stale.addAll(List.of(abandoned, abandoned.getParent(), abandoned.getParent().getParent()));
        for (Path path : stale) {
            Files.setLastModifiedTime(path, old);
        }
        Path recent = Files.write(store.resolve("blobs/sha256/.tmp-" + GONE_PID + "-3"), new byte[10]);

        build(context, out);
        assertEquals(List.of(), stale.stream().filter(Files::exists).toList(), "stale temporaries were left");
        assertTrue(Files.exists(recent), "a recent one may belong to a run still writing");
        assertEquals(1, JSON.readTree(out.resolve("index.json").toFile()).get("manifests").size());
    }

    @Test
    void twoBuildsRacingToOneNewLayoutBothSucceed() throws Exception {
        Path context = SmallImage.context(dir.resolve("context"), 24_000_000, 24_000_000);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 3; round++) {
                Path dest = dir.resolve("race-" + round + "/oci");
                List<Future<Tool.Result>> runs = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    runs.add(pool.submit(() -> lading.run("build", context.toString(), "--progress", "quiet",
                            "--compression", "none", "--output", "type=oci,dest=" + dest)));
                }
                for (Future<Tool.Result> run : runs) {
                    assertEquals(0, run.get().exitCode(), run.get().toString());
                }
                JsonNode entries = JSON.readTree(dest.resolve("index.json").toFile()).get("manifests");
                assertEquals(1, entries.size(), entries.toString());
                assertIntact(dest);
                assertEquals(List.of(), temporaries(dest.getParent()));
            }
        } finally {
            pool.shutdown();
        }
    }

    /**
     * A small tmpfs is the full disk, for the store and for an existing layout on it; mounting one needs root,
     * which CI has.
     */
    @Test
    void aFullDiskFailsTheBuildAndLeavesNoTemporaryFiles() throws Exception {
        Path small = Files.createDirectories(dir.resolve("small"));
        Tool.Result mount = Tool.run(dir, Map.of(), List.of("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs",
                small.toString()));
        // CI runs as root: a mount that fails is a broken test machine, not a reason to skip
        Assertions.assertEquals(0, mount.exitCode(), "cannot mount a tmpfs here: " + mount);
        try {
            Path big = SmallImage.context(dir.resolve("big"), 3_000_000);
            Path layout = small.resolve("oci");
            build(SmallImage.context(dir.resolve("tiny"), 1000), layout);
            Tool.Result full = lading.fails(1, "build", big.toString(), "--progress", "quiet",
                    "--output", "type=oci,dest=" + layout);
            assertTrue(full.stderr().contains("No space left on device"), full.toString());
            assertEquals(List.of(), temporaries(small), "a full disk left temporaries in the layout");
            assertIntact(layout);

            Lading onSmallDisk = new Lading(small.resolve("home"));
            onSmallDisk.fails(1, "build", big.toString(), "--progress", "quiet");
            assertEquals(List.of(), temporaries(small), "a full disk left temporaries in the store");
        } finally {
            Tool.run(dir, Map.of(), List.of("umount", small.toString()));
        }
    }
}
