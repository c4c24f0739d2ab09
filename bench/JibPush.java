import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Jib side of the push benchmark: one layer per file of DIR, from scratch, built and pushed with jib-core to
 * REF, its layer caches in CACHE (so a second run is Jib's no-op rebuild).
 *   java -cp JIB_CLASSPATH:CLASSES JibPush DIR REF CACHE
 */
public class JibPush {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Path cache = Path.of(args[2]);
        JibContainerBuilder builder = Jib.fromScratch();
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            builder.addLayer(List.of(file), AbsoluteUnixPath.get("/data"));
        }
        builder.containerize(Containerizer.to(RegistryImage.named(args[1]))
                .setAllowInsecureRegistries(true)
                .setBaseImageLayersCache(cache.resolve("base"))
                .setApplicationLayersCache(cache.resolve("app")));
    }
}
