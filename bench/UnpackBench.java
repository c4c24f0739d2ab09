import dev.lading.toolchain.packages.Sysroot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Times lading's unpacking of .deb files into a sysroot, as the unpack benchmark runs it: the JVM is started once
 * and the measured time is the whole assembly, the first one in this JVM (no warm-up, as a build gets none).
 * Usage: java -cp CLASSPATH UnpackBench.java OUTPUT_DIR DEB...
 */
public final class UnpackBench {
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        List<Path> debs = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            debs.add(Path.of(args[i]));
        }
        long start = System.nanoTime();
        Sysroot sysroot = Sysroot.assemble(debs, out);
        long nanos = System.nanoTime() - start;
        long files = sysroot.unpacked().entries().size();
        System.out.printf("%.3f%n", nanos / 1e9);
        System.err.println(files + " entries in " + sysroot.root() + (Files.isDirectory(sysroot.root()) ? "" : " (missing)"));
    }
}
