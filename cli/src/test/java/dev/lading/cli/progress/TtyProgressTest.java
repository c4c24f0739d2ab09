package dev.lading.cli.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lading.core.model.Descriptor;
import dev.lading.registry.TransferListener.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TtyProgressTest {
    private final FakeClock clock = new FakeClock();
    private final Events.Err err = new Events.Err();

    /** The screen as a terminal would show it after everything written so far. */
    private List<String> screen(int width) {
        VirtualTerminal terminal = new VirtualTerminal(width).feed(err.text());
        assertFalse(terminal.overflowed(), "a line wider than the terminal:\n" + err.text());
        return terminal.screen();
    }

    private static long count(List<String> lines, String part) {
        return lines.stream().filter(line -> line.contains(part)).count();
    }

    @Test
    void blobsAreLiveUntilDoneThenPrintedOnceAboveTheRegion() {
        TtyProgress progress = new TtyProgress(err.writer, clock, 120);
        Descriptor big = Events.layer(1, 10 * Events.MIB);
        Descriptor small = Events.layer(2, 4 * Events.MIB);
        progress.blobStarted(big, Events.BOTH);
        progress.blobStarted(small, "linux/arm64");
        clock.advance(Duration.ofSeconds(1));
        progress.blobProgress(big.digest(), 5 * Events.MIB, 10 * Events.MIB);
        progress.draw();
        assertEquals(List.of("[+] 1.0s  0 done, 2 in flight",
                "=> sha256:00000001… linux/amd64, linux/arm64 [##########----------]  5.0 MiB / 10.0 MiB  5.0 MiB/s  1.0s",
                "=> sha256:00000002… linux/arm64 [--------------------]  0 B / 4.0 MiB  0.0 MiB/s  1.0s"), screen(120));

        progress.blobDone(small, Outcome.EXISTED, Duration.ofMillis(10));
        progress.nativeBuilt(Events.AMD64, "clang 14.0.6 --target=x86_64-linux-gnu", "up to date",
                Duration.ofMillis(1500));
        clock.advance(Duration.ofSeconds(1));
        progress.blobProgress(big.digest(), 10 * Events.MIB, 10 * Events.MIB);
        progress.draw();
        progress.draw();
        assertEquals(List.of("=> exists layer sha256:00000002… linux/arm64  4.0 MiB  0.01s",
                "=> native linux/amd64 (clang 14.0.6 --target=x86_64-linux-gnu): up to date, 1.50s",
                "[+] 2.0s  2 done, 1 in flight",
                "=> sha256:00000001… linux/amd64, linux/arm64 [####################]  10.0 MiB / 10.0 MiB  5.0 MiB/s  2.0s"),
                screen(120));
        // printed once, however often the region is redrawn
        assertEquals(1, err.text().split("exists layer", -1).length - 1);

        progress.blobDone(big, Outcome.UPLOADED, Duration.ofMillis(2000));
        progress.draw();
        List<String> lines = screen(120);
        assertEquals("=> pushed layer sha256:00000001… linux/amd64, linux/arm64  10.0 MiB  2.00s", lines.get(2));
        assertEquals(0, count(lines, "=> sha256:"), "a finished blob left a live line: " + lines);
        assertEquals("[+] 2.0s  3 done", lines.get(3));
    }

    @Test
    void closingLeavesOnlyPermanentLinesAndTheCursorBelowThem() {
        TtyProgress progress = new TtyProgress(err.writer, clock, 80);
        Descriptor done = Events.layer(1, 1024);
        Descriptor cut = Events.layer(2, 12 * Events.MIB);
        progress.blobStarted(done, "index");
        progress.blobStarted(cut, "linux/amd64");
        progress.blobProgress(cut.digest(), 3 * Events.MIB, 12 * Events.MIB);
        progress.draw();
        progress.blobDone(done, Outcome.MOUNTED, Duration.ofMillis(30));
        clock.advance(Duration.ofMillis(2500));
        progress.close();

        VirtualTerminal terminal = new VirtualTerminal(80).feed(err.text());
        assertEquals(List.of("=> mounted layer sha256:00000001… index  1.0 KiB  0.03s",
                "=> unfinished layer sha256:00000002… linux/amd64  3.0 MiB / 12.0 MiB  2.5s"), terminal.screen());
        // the cursor rests on the row after the last line: the next output starts on a clean line
        assertEquals(2, terminal.cursorRow());
        assertEquals(0, terminal.cursorColumn());

        String closed = err.text();
        progress.draw();
        progress.blobDone(cut, Outcome.UPLOADED, Duration.ofSeconds(3));
        progress.close();
        assertEquals(closed, err.text(), "drawn after close");
    }

    @Test
    void cacheEventsArePermanentLinesWithAShortDigest() {
        TtyProgress progress = new TtyProgress(err.writer, clock, 120);
        progress.cacheImported("localhost:5000/app:cache", 120, 7, 3 * Events.MIB / 2, Duration.ofMillis(800));
        progress.compileCache(Events.ARM64, 10, 2);
        progress.cacheExported("localhost:5000/app:cache", Events.manifest(9), 125, 5, true, Duration.ofMillis(300));
        progress.close();

        assertEquals(List.of("=> cache from localhost:5000/app:cache: 120 entries, 7 blobs fetched (1.5 MiB), 0.80s",
                "=> compile cache linux/arm64: 10 hits, 2 misses",
                "=> cache to localhost:5000/app:cache: sha256:00000009…, 125 entries, 5 blobs sent, 0.30s"),
                screen(120));
    }

    @Test
    void aProgressClosedBeforeItsFirstFrameWritesNothing() {
        new TtyProgress(err.writer, clock, 80).close();
        assertEquals("", err.text());
    }

    @Test
    void uploadThreadsAndTheDrawingThreadTogether() throws Exception {
        TtyProgress progress = new TtyProgress(err.writer, clock, 80);
        progress.animate();
        assertTrue(progress.animating());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!err.text().contains("[+]") && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        int threads = 6;
        int blobsEach = 3;
        Events.concurrently(threads, thread -> {
            for (int k = 0; k < blobsEach; k++) {
                Events.upload(progress, Events.layer(thread * 10 + k, 3 * Events.MIB),
                        thread % 2 == 0 ? "linux/amd64" : Events.BOTH, 3, () -> {
                            clock.advance(Duration.ofMillis(10));
                            sleep(10);
                        }, Outcome.UPLOADED);
            }
            progress.retrying("PUT blob", 2, Duration.ofSeconds(1), "503 Service Unavailable");
        });
        progress.manifestPushed(Events.index(99), "localhost:5000/app:v1", Duration.ofMillis(20));
        progress.close();
        assertFalse(progress.animating(), "the drawing thread outlived close()");

        VirtualTerminal terminal = new VirtualTerminal(80).feed(err.text());
        List<String> lines = terminal.screen();
        assertFalse(terminal.overflowed());
        assertEquals(threads * blobsEach + threads + 1, lines.size(), String.join("\n", lines));
        assertEquals(lines.size(), terminal.cursorRow(), "a live region was left behind");
        for (int thread = 0; thread < threads; thread++) {
            for (int k = 0; k < blobsEach; k++) {
                String digest = Units.shortDigest(Events.digest(thread * 10 + k));
                assertEquals(1, count(lines, "=> pushed layer " + digest + " linux/"), digest + " in " + lines);
            }
        }
        assertEquals(threads, count(lines, "=> retry PUT blob (attempt 2 in 1.0s): 503 Service Unavailable"));
        assertEquals("=> index localhost:5000/app:v1  0.02s", lines.get(lines.size() - 1));
        assertEquals(0, count(lines, "[+]"));
        // the region was redrawn in place at least once, not only appended to
        Matcher up = Pattern.compile("\u001b\\[\\d+A").matcher(err.text());
        assertTrue(up.find());
    }

    @Test
    void reasonsArePrintedAsGivenButNeitherEscapesNorAnnotationsReachTheScreen() {
        TtyProgress progress = new TtyProgress(err.writer, clock, 120);
        progress.retrying("PUT blob", 2, Duration.ofSeconds(1), "503 Service Unavailable");
        progress.retrying("PATCH blob", 3, Duration.ofSeconds(2), "reset\u001b[2J by peer\r\n");
        Descriptor annotated = Events.layer(5, 100);
        progress.blobStarted(annotated, "linux/amd64");
        progress.draw();
        progress.blobDone(annotated, Outcome.UPLOADED, Duration.ofMillis(10));
        progress.close();
        // the terminal model fails on any sequence but the renderer's own, so an ESC[2J would not get through
        List<String> lines = new VirtualTerminal(120).feed(err.text()).screen();
        assertEquals(List.of("=> retry PUT blob (attempt 2 in 1.0s): 503 Service Unavailable",
                "=> retry PATCH blob (attempt 3 in 2.0s): reset?[2J by peer??",
                "=> pushed layer sha256:00000005… linux/amd64  100 B  0.01s"), lines);
        assertFalse(err.text().contains(Events.ANNOTATION));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
