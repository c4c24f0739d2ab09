package dev.lading.core.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.model.Annotations;
import dev.lading.core.model.Blob;
import dev.lading.core.model.Descriptor;
import dev.lading.core.model.Index;
import dev.lading.core.model.Manifest;
import dev.lading.core.model.MediaTypes;
import dev.lading.core.store.ImageGraph;
import dev.lading.core.store.OciLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciDirectoryWriterTest {
    @TempDir
    Path dir;

    private static Descriptor image(OciLayout store) throws IOException {
        byte[] layer = new byte[200_000];
        new java.util.Random(7).nextBytes(layer);
        Descriptor layerDescriptor = store.put(Blob.of(MediaTypes.OCI_LAYER, layer));
        Descriptor config = store.put(Blob.of(MediaTypes.OCI_CONFIG, "{}".getBytes()));
        Descriptor manifest = store.put(Blob.json(MediaTypes.OCI_MANIFEST,
                new Manifest(MediaTypes.OCI_MANIFEST, config, List.of(layerDescriptor), Map.of())));
        return store.put(Blob.json(MediaTypes.OCI_INDEX, new Index(MediaTypes.OCI_INDEX, List.of(manifest), Map.of())))
                .withAnnotations(Map.of(Annotations.REF_NAME, "latest"));
    }

    @Test
    void writersRacingToOneNewDestAllSucceed() throws Exception {
        OciLayout store = OciLayout.openStore(dir.resolve("store"));
        Descriptor root = image(store);
        for (int round = 0; round < 5; round++) {
            Path dest = dir.resolve("out-" + round);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Callable<Object>> writers = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    writers.add(() -> {
                        OciDirectoryWriter.write(store, root, dest);
                        return null;
                    });
                }
                for (Future<Object> writer : pool.invokeAll(writers)) {
                    writer.get();
                }
            } finally {
                pool.shutdown();
            }
            OciLayout out = OciLayout.open(dest);
            assertEquals(List.of(root), out.index().manifests());
            for (Descriptor descriptor : new ImageGraph(out).closure(root)) {
                assertTrue(out.hasIntact(descriptor), descriptor.toString());
            }
        }
        try (Stream<Path> beside = Files.list(dir)) {
            assertEquals(List.of(), beside.filter(p -> p.getFileName().toString().contains(".tmp-")).toList());
        }
    }
}
