import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Writes a reproducible tree of mixed files for the layer benchmark: source-like text, real executables and
 * libraries from this machine, and random bytes standing for already-compressed data.
 * Usage: java GenTree.java DIR MIB
 */
public final class GenTree {
    private static final String[] WORDS = ("int return static const void struct include define if else for while "
            + "case break switch unsigned char size_t buffer length error result value index layer digest "
            + "platform manifest config compress stream thread queue").split(" ");

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]);
        long total = Long.parseLong(args[1]) << 20;
        SplittableRandom random = new SplittableRandom(42);
        long text = total * 40 / 100;
        long binaries = total * 35 / 100;
        long written = writeText(root.resolve("src"), text, random);
        written += copyBinaries(root.resolve("bin"), binaries);
        writeRandom(root.resolve("data"), total - written, random);
    }

    private static long writeText(Path dir, long budget, SplittableRandom random) throws IOException {
        long written = 0;
        for (int i = 0; written < budget; i++) {
            int size = (int) Math.min(budget - written, 2_000 + random.nextInt(400_000));
            StringBuilder text = new StringBuilder(size + 64);
            while (text.length() < size) {
                int indent = random.nextInt(4) * 4;
                text.append(" ".repeat(indent));
                for (int w = random.nextInt(3, 12); w > 0; w--) {
                    text.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(8) == 0 ? "_" + random.nextInt(1000) : "").append(' ');
                }
                text.append(";\n");
            }
            Path file = dir.resolve("module" + (i % 37)).resolve("file" + i + ".c");
            Files.createDirectories(file.getParent());
            byte[] bytes = text.substring(0, size).getBytes(StandardCharsets.US_ASCII);
            Files.write(file, bytes);
            written += bytes.length;
        }
        return written;
    }

    private static long copyBinaries(Path dir, long budget) throws IOException {
        List<Path> candidates = new ArrayList<>();
        for (String source : List.of("/usr/bin", "/usr/lib/x86_64-linux-gnu", "/usr/lib/jvm")) {
            if (Files.isDirectory(Path.of(source))) {
                try (Stream<Path> walk = Files.walk(Path.of(source), 4)) {
                    walk.filter(p -> Files.isRegularFile(p) && !Files.isSymbolicLink(p)).sorted(Comparator.naturalOrder())
                            .forEach(candidates::add);
                }
            }
        }
        long written = 0;
        int n = 0;
        for (Path candidate : candidates) {
            long size = Files.size(candidate);
            if (size < 4096 || written + size > budget) {
                continue;
            }
            Path target = dir.resolve("b" + (n % 17)).resolve(n + "-" + candidate.getFileName());
            Files.createDirectories(target.getParent());
            // 8 bytes in front hide the ELF header: lading refuses dynamic executables in a scratch image (there
            // is no loader to run them), and these are here only for how their bytes compress
            try (var out = Files.newOutputStream(target)) {
                out.write("BENCHBIN".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                Files.copy(candidate, out);
            }
            written += size + 8;
            n++;
        }
        return written;
    }

    private static void writeRandom(Path dir, long budget, SplittableRandom random) throws IOException {
        Files.createDirectories(dir);
        byte[] block = new byte[1 << 16];
        long written = 0;
        for (int i = 0; written < budget; i++) {
            long size = Math.min(budget - written, 100_000 + random.nextInt(8_000_000));
            try (OutputStream out = Files.newOutputStream(dir.resolve("blob" + i + ".gz"))) {
                for (long left = size; left > 0; left -= block.length) {
                    random.nextBytes(block);
                    out.write(block, 0, (int) Math.min(left, block.length));
                }
            }
            written += size;
        }
    }
}
