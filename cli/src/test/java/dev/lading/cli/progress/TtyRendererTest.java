package dev.lading.cli.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TtyRendererTest {
    private static final long START = 1_000_000_000L;
    private static final long SECOND = 1_000_000_000L;

    private static TtyState.Blob blob(int n, String label, long sent, long total) {
        return new TtyState.Blob(Events.layer(n, total), label, START, sent, total);
    }

    private static TtyState.Snapshot inFlight(List<TtyState.Blob> blobs) {
        return new TtyState.Snapshot(START, blobs, List.of(), 3);
    }

    @ParameterizedTest
    @CsvSource({"0, 100, ----------", "50, 100, #####-----", "100, 100, ##########", "99, 100, #########-",
        // a retried upload can report more than it will send in the end; an unknown total shows nothing
        "150, 100, ##########", "5, 0, ----------"})
    void barsFillInProportion(long sent, long total, String expected) {
        assertEquals(expected, TtyRenderer.bar(sent, total, 10));
    }

    @Test
    void aWideLineHasTheWholeLabelAFullWidthBarUnitsRateAndElapsed() {
        String line = new TtyRenderer(120).blobLine(blob(0x0123abcd, Events.BOTH, 6 * Events.MIB, 12 * Events.MIB),
                START + 2 * SECOND);
        assertEquals("=> sha256:0123abcd… linux/amd64, linux/arm64 [##########----------]"
                + "  6.0 MiB / 12.0 MiB  3.0 MiB/s  2.0s", line);
    }

    @Test
    void atEightyColumnsTheBarShrinksAndTheLabelGivesWayButTheNumbersStay() {
        String line = new TtyRenderer(80).blobLine(blob(0x0123abcd, Events.BOTH, 6 * Events.MIB, 12 * Events.MIB),
                START + 2 * SECOND);
        assertEquals("=> sha256:0123abcd… linux/amd… [#####-----]  6.0 MiB / 12.0 MiB  3.0 MiB/s  2.0s", line);
        assertEquals(80, line.length());
    }

    @Test
    void emptyAndFullTransfersAtLargerUnits() {
        TtyRenderer renderer = new TtyRenderer(200);
        long gib = 1024 * Events.MIB;
        assertTrue(renderer.blobLine(blob(1, "index", 0, 3 * gib), START)
                .endsWith(" index [--------------------]  0 B / 3.0 GiB  - MiB/s  0.0s"));
        assertTrue(renderer.blobLine(blob(1, "linux/arm64", 3 * gib, 3 * gib), START + 4 * SECOND)
                .endsWith(" linux/arm64 [####################]  3.0 GiB / 3.0 GiB  768.0 MiB/s  4.0s"));
        assertTrue(renderer.blobLine(blob(1, "linux/arm64", 1536, 2048), START + SECOND)
                .contains("[###############-----]  1.5 KiB / 2.0 KiB  0.0 MiB/s  1.0s"));
    }

    @Test
    void everyLineIsCutToANarrowWidth() {
        TtyRenderer renderer = new TtyRenderer(25);
        TtyState.Snapshot snapshot = new TtyState.Snapshot(START, List.of(blob(1, Events.BOTH, 1, 2)),
                List.of("pushed layer sha256:00000001… linux/amd64, linux/arm64  12.3 MiB  0.41s"), 1);
        List<String> lines = new java.util.ArrayList<>(renderer.permanent(snapshot));
        lines.addAll(renderer.live(snapshot, START + SECOND));
        lines.addAll(renderer.unfinished(snapshot, START + SECOND));
        assertEquals(4, lines.size());
        for (String line : lines) {
            assertEquals(25, line.length(), line);
        }
        assertEquals("=> pushed layer sha256:00", lines.get(0));
    }

    @Test
    void theHeaderCountsWhatIsDoneAndInFlightAndTheRegionIsCapped() {
        TtyRenderer renderer = new TtyRenderer(80);
        assertEquals(List.of("[+] 2.5s  3 done"), renderer.live(inFlight(List.of()), START + 2_500_000_000L));
        List<TtyState.Blob> many = IntStream.range(0, TtyRenderer.MAX_BLOB_LINES + 4)
                .mapToObj(n -> blob(n, "linux/amd64", n, 100)).toList();
        List<String> live = renderer.live(inFlight(many), START);
        assertEquals(1 + TtyRenderer.MAX_BLOB_LINES, live.size());
        assertEquals("[+] 0.0s  3 done, 14 in flight (10 shown)", live.get(0));
        // the first started keep their places
        assertTrue(live.get(1).startsWith("=> sha256:00000000… "), live.get(1));
    }

    @Test
    void unfinishedBlobsSayHowFarTheyGot() {
        List<String> lines = new TtyRenderer(120).unfinished(
                inFlight(List.of(blob(2, "linux/arm64", 3 * Events.MIB, 12 * Events.MIB))), START + 3 * SECOND);
        assertEquals(List.of("=> unfinished layer sha256:00000002… linux/arm64  3.0 MiB / 12.0 MiB  3.0s"), lines);
    }

    @Test
    void controlCharactersInALabelCannotReachTheTerminal() {
        String line = new TtyRenderer(120).blobLine(blob(3, "linux/amd64\u001b[2J\n", 1, 2), START);
        assertTrue(line.contains(" linux/amd64?[2J? ["), line);
        assertTrue(line.chars().noneMatch(Character::isISOControl), line);
    }
}
