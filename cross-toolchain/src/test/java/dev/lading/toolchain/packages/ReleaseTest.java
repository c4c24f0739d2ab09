package dev.lading.toolchain.packages;

import dev.lading.core.LadingException;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReleaseTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final String HASH = "ab".repeat(32);

    private static String release(String extra) {
        return "Suite: stable\nCodename: trixie\nDate: Sat, 09 Aug 2025 09:12:32 UTC\n" + extra
                + "SHA256:\n " + HASH + "   1234 main/binary-arm64/Packages.xz\n";
    }

    @Test
    void readsByCodenameOrSuiteAndListsTheIndexFiles() {
        Release byCodename = Release.parse("trixie", release(""), "r", NOW);
        Release bySuite = Release.parse("stable", release(""), "r", NOW);
        assertEquals(byCodename.files(), bySuite.files());
        assertEquals(new Release.IndexFile("main/binary-arm64/Packages.xz", 1234, HASH),
                byCodename.file("main/binary-arm64/Packages.xz").orElseThrow());
        assertFalse(byCodename.acquireByHash());
        assertTrue(byCodename.architectures().isEmpty());
    }

    @Test
    void theReleaseOfAnotherSuiteCannotStandInForTheOneAskedFor() {
        LadingException e = assertThrows(LadingException.class, () -> Release.parse("forky", release(""), "r", NOW));
        assertTrue(e.getMessage().contains("is the release of trixie, not of forky"), e.getMessage());
    }

    @Test
    void validUntilIsCheckedAgainstNow() {
        String text = release("Valid-Until: Thu, 01 Jan 2026 00:00:01 +0000\n");
        assertEquals(Instant.parse("2026-01-01T00:00:01Z"), Release.parse("trixie", text, "r", NOW).validUntil());
        LadingException e = assertThrows(LadingException.class,
                () -> Release.parse("trixie", text, "r", NOW.plusSeconds(2)));
        assertTrue(e.getMessage().startsWith("r expired at 2026-01-01T00:00:01Z"), e.getMessage());
    }

    @Test
    void malformedFieldsNameTheFileAndTheLine() {
        LadingException hash = assertThrows(LadingException.class, () -> Release.parse("trixie",
                release("").replace(HASH, "xyz"), "r", NOW));
        assertTrue(hash.getMessage().startsWith("r: malformed SHA256 line: xyz"), hash.getMessage());
        LadingException date = assertThrows(LadingException.class, () -> Release.parse("trixie",
                release("").replace("Sat, 09 Aug 2025 09:12:32 UTC", "yesterday"), "r", NOW));
        assertEquals("r: unreadable Date date: yesterday", date.getMessage());
        LadingException none = assertThrows(LadingException.class,
                () -> Release.parse("trixie", "Codename: trixie\nDate: Sat, 09 Aug 2025 09:12:32 UTC\n", "r", NOW));
        assertEquals("r has no SHA256 field", none.getMessage());
    }

    @Test
    void datesInEitherZoneSpellingAndAnyWeekdayReadAsTheInstantWritten() {
        Random random = new Random(3);
        DateTimeFormatter utc = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'UTC'", Locale.ROOT);
        DateTimeFormatter offset = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT);
        for (int i = 0; i < 300; i++) {
            Instant instant = Instant.ofEpochSecond(1_500_000_000L + random.nextInt(400_000_000));
            ZonedDateTime time = instant.atZone(ZoneOffset.UTC);
            assertEquals(instant, Release.date(utc.format(time), "Date", "r"));
            assertEquals(instant, Release.date(offset.format(time), "Date", "r"));
            assertEquals(instant, Release.date("Xyz, " + offset.format(time).substring(5), "Date", "r"));
        }
    }
}
