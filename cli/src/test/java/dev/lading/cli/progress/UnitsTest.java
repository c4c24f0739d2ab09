package dev.lading.cli.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnitsTest {
    @ParameterizedTest
    @CsvSource({
        "0, 0 B", "1023, 1023 B", "1024, 1.0 KiB", "1536, 1.5 KiB",
        // rounding would show 1024.0 KiB: the next unit reads better
        "1048575, 1.0 MiB", "12897485, 12.3 MiB", "2147483648, 2.0 GiB", "5497558138880, 5120.0 GiB"})
    void bytesHaveBinaryUnitsAndOneDecimal(long count, String expected) {
        assertEquals(expected, Units.bytes(count));
    }

    @ParameterizedTest
    @CsvSource({"6291456, 2000000000, 3.0 MiB/s", "0, 1000000000, 0.0 MiB/s", "1048576, 0, - MiB/s",
        "524288, 250000000, 2.0 MiB/s"})
    void rateIsMebibytesPerSecond(long bytes, long nanos, String expected) {
        assertEquals(expected, Units.rate(bytes, nanos));
    }

    @ParameterizedTest
    @CsvSource({"410, 0.41s", "1234, 1.23s", "0, 0.00s"})
    void finishedStepsShowTwoDecimals(long millis, String expected) {
        assertEquals(expected, Units.seconds(Duration.ofMillis(millis)));
    }

    @ParameterizedTest
    @CsvSource({"1, sha256:00000001…", "3735928559, sha256:deadbeef…"})
    void shortDigestsKeepTheAlgorithmAndEightHexDigits(long n, String expected) {
        assertEquals(expected, Units.shortDigest(Events.digest((int) n)));
    }
}
