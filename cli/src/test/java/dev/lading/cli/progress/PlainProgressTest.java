package dev.lading.cli.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.model.Descriptor;
import dev.lading.core.output.OutputSpec;
import dev.lading.registry.TransferListener.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PlainProgressTest {
    private static final Pattern PREFIXED = Pattern.compile("\\[ *(\\d+\\.\\d\\d)s] (.*)");

    private final FakeClock clock = new FakeClock();
    private final Events.Err err = new Events.Err();

    @Test
    void everyStepAndTransferHasOneLineWithTheTimeSinceTheStart() {
        PlainProgress progress = new PlainProgress(err.writer, clock);
        clock.advance(Duration.ofMillis(1234));
        progress.nativeBuilt(Events.AMD64, "zig 0.13.0", "3 of 12 steps run", Duration.ofMillis(500));
        clock.advance(Duration.ofMillis(766));
        progress.layerBuilt("app", List.of(Events.AMD64, Events.ARM64), Events.builtLayer(3, 2048), 4096,
                Duration.ofMillis(120));
        progress.outputWritten(OutputSpec.parse("type=oci,dest=out/hk"), Duration.ofMillis(50));
        Descriptor blob = Events.layer(0x0123abcd, 12897485);
        progress.blobStarted(blob, Events.BOTH);
        for (long sent = 0; sent < blob.size(); sent += Events.MIB) {
            progress.blobProgress(blob.digest(), sent, blob.size());
            clock.advance(Duration.ofMillis(30));
        }
        progress.blobDone(blob, Outcome.UPLOADED, Duration.ofMillis(410));
        progress.manifestPushed(Events.manifest(7), "localhost:5000/app@" + Events.digest(7), Duration.ofMillis(20));
        clock.advance(Duration.ofSeconds(1000));
        progress.retrying("PUT blob", 2, Duration.ofSeconds(1), "503 Service Unavailable");

        assertEquals(List.of(
                "[   1.23s] native linux/amd64 (zig 0.13.0): 3 of 12 steps run, 0.50s",
                "[   2.00s] layer app (linux/amd64, linux/arm64): " + Events.digest(3) + ", 2048 bytes from 4096, 0.12s",
                "[   2.00s] output oci out/hk: 0.05s",
                "[   2.39s] pushed layer sha256:0123abcd… linux/amd64, linux/arm64  12.3 MiB  0.41s",
                "[   2.39s] manifest localhost:5000/app@sha256:00000007…  0.02s",
                "[1002.39s] retry PUT blob (attempt 2 in 1.0s): 503 Service Unavailable"), err.lines());
    }

    @Test
    void linesFromUploadThreadsStayWholeAndInTimeOrder() throws Exception {
        PlainProgress progress = new PlainProgress(err.writer, clock);
        int threads = 8;
        int blobsEach = 5;
        Events.concurrently(threads, thread -> {
            for (int k = 0; k < blobsEach; k++) {
                Events.upload(progress, Events.layer(thread * 100 + k, 2 * Events.MIB), "linux/arm64", 8,
                        () -> clock.advance(Duration.ofMillis(7)), k % 2 == 0 ? Outcome.UPLOADED : Outcome.EXISTED);
            }
        });
        List<String> lines = err.lines();
        assertEquals(threads * blobsEach, lines.size(), "no line per chunk, one per blob:\n" + err.text());
        double last = 0;
        for (String line : lines) {
            Matcher matcher = PREFIXED.matcher(line);
            assertTrue(matcher.matches(), line);
            double elapsed = Double.parseDouble(matcher.group(1));
            assertTrue(elapsed >= last, "went back in time: " + line);
            last = elapsed;
            assertTrue(matcher.group(2).matches("(pushed|exists) layer sha256:[0-9a-f]{8}… linux/arm64  2\\.0 MiB  0\\.08s"),
                    line);
        }
        for (int thread = 0; thread < threads; thread++) {
            String digest = Units.shortDigest(Events.digest(thread * 100));
            assertEquals(1, lines.stream().filter(line -> line.contains(digest)).count(), digest);
        }
    }

    @Test
    void reasonsArePrintedAsGivenButNeitherEscapesNorAnnotationsReachTheLog() {
        PlainProgress progress = new PlainProgress(err.writer, clock);
        progress.retrying("PUT blob", 2, Duration.ofSeconds(1), "503 Service Unavailable");
        progress.retrying("PATCH blob", 3, Duration.ofMillis(1500), "reset\u001b[2J\nforged line");
        Descriptor annotated = Events.layer(5, 100);
        progress.blobStarted(annotated, "linux/amd64\r");
        progress.blobDone(annotated, Outcome.UPLOADED, Duration.ofMillis(10));
        progress.outputWritten(new OutputSpec(OutputSpec.Type.OCI, java.nio.file.Path.of("out\u001b]0;title\u0007")),
                Duration.ZERO);

        assertEquals(List.of(
                "[   0.00s] retry PUT blob (attempt 2 in 1.0s): 503 Service Unavailable",
                "[   0.00s] retry PATCH blob (attempt 3 in 1.5s): reset?[2J?forged line",
                "[   0.00s] pushed layer sha256:00000005… linux/amd64?  100 B  0.01s",
                "[   0.00s] output oci out?]0;title?: 0.00s"), err.lines());
        String text = err.text();
        assertFalse(text.contains(Events.ANNOTATION));
        assertTrue(text.chars().filter(c -> c != '\n').noneMatch(Character::isISOControl), "a control character");
    }

    @Test
    void cacheEventsShowHitsWhatCameAndWhatWent() {
        PlainProgress progress = new PlainProgress(err.writer, clock);
        progress.cacheImported("localhost:5000/app:cache", 120, 7, 3 * Events.MIB / 2, Duration.ofMillis(800));
        progress.compileCache(Events.ARM64, 10, 2);
        progress.cacheExported("localhost:5000/app:cache", Events.manifest(9), 125, 5, true, Duration.ofMillis(300));
        progress.cacheExported("out/cache", Events.manifest(9), 125, 0, false, Duration.ofMillis(40));
        progress.cacheWarning("cannot reach the cache at localhost:5000/app:cache: connection refused");

        assertEquals(List.of(
                "[   0.00s] cache from localhost:5000/app:cache: 120 entries, 7 blobs fetched (1.5 MiB), 0.80s",
                "[   0.00s] compile cache linux/arm64: 10 hits, 2 misses",
                "[   0.00s] cache to localhost:5000/app:cache: " + Events.digest(9)
                        + ", 125 entries, 5 blobs sent, 0.30s",
                "[   0.00s] cache to out/cache: " + Events.digest(9) + ", 125 entries, unchanged, 0.04s",
                "[   0.00s] warning: cannot reach the cache at localhost:5000/app:cache: connection refused"),
                err.lines());
    }
}
