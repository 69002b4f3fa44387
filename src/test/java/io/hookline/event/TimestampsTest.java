package io.hookline.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Verifies the producer timestamp rule: real calendar dates only, kept exactly as written. */
class TimestampsTest {

    @Test
    void realDateTimesWithAnOffsetAreKeptExactlyAsWritten() {
        assertThat(Timestamps.parse("2026-05-24T10:35:18+02:00"))
                .isEqualTo(OffsetDateTime.of(2026, 5, 24, 10, 35, 18, 0, ZoneOffset.ofHours(2)));
        assertThat(Timestamps.parse("2026-05-24T10:35:18+0200"))
                .isEqualTo(OffsetDateTime.of(2026, 5, 24, 10, 35, 18, 0, ZoneOffset.ofHours(2)));
        assertThat(Timestamps.parse("2026-05-24T10:35:18Z"))
                .isEqualTo(OffsetDateTime.of(2026, 5, 24, 10, 35, 18, 0, ZoneOffset.UTC));
        assertThat(Timestamps.parse("2026-05-24T10:35:18-05:30").getOffset())
                .isEqualTo(ZoneOffset.ofHoursMinutes(-5, -30));
        assertThat(Timestamps.parse("2026-05-24T10:35:18.123456789+02:00").getNano())
                .isEqualTo(123_456_789);
        assertThat(Timestamps.parse("2026-05-24T10:35+02:00"))
                .isEqualTo(OffsetDateTime.of(2026, 5, 24, 10, 35, 0, 0, ZoneOffset.ofHours(2)));
        assertThat(Timestamps.parse("2026-05-24t10:35:18z")).isNotNull();
        assertThat(Timestamps.parse("0001-01-01T00:00:00Z").getYear()).isEqualTo(1);
        assertThat(Timestamps.parse("9999-12-31T23:59:59.999999999+14:00").getYear())
                .isEqualTo(9999);
    }

    @Test
    void leapDaysExistOnlyInLeapYears() {
        assertThat(Timestamps.parse("2028-02-29T10:00:00Z").getDayOfMonth()).isEqualTo(29);
        assertThat(Timestamps.parse("2024-02-29T10:00:00+0200").getDayOfMonth()).isEqualTo(29);
        assertThat(Timestamps.parse("2000-02-29T10:00:00Z")).isNotNull();
        assertThat(Timestamps.parse("2026-02-29T10:00:00Z")).isNull();
        assertThat(Timestamps.parse("1900-02-29T10:00:00Z")).isNull();
        assertThat(Timestamps.parse("2100-02-29T10:00:00Z")).isNull();
    }

    @Test
    void impossibleDatesAndTimesAreRefusedRatherThanAdjusted() {
        for (String text : new String[] {
            "2026-02-30T10:00:00Z", "2026-02-31T10:00:00Z", "2026-04-31T10:00:00+02:00", "2026-13-01T10:00:00Z",
            "2026-00-10T10:00:00Z", "2026-05-00T10:00:00Z", "0000-01-01T00:00:00Z", "2026-05-24T24:00:00Z",
            "2026-05-24T23:60:00Z", "2026-05-24T23:59:60Z", "2026-05-24T10:35:18+19:00"
        }) {
            assertThat(Timestamps.parse(text)).as(text).isNull();
        }
    }

    @Test
    void otherShapesAreRefused() {
        for (String text : new String[] {
            "2026-05-24T10:35:18", "2026-05-24 10:35:18+02:00", "2026-05-24T10:35:18+02", "2026-05-24",
            "+12026-05-24T10:35:18Z", "-0001-05-24T10:35:18Z", "26-05-24T10:35:18Z", "2026-5-24T10:35:18Z",
            "1716539718", "", "2026-05-24T10:35:18+02:00 ", "2026-05-24T10:35:18+02:00[Europe/Paris]"
        }) {
            assertThat(Timestamps.parse(text)).as(text).isNull();
        }
        assertThat(Timestamps.parse(null)).isNull();
    }

    @Test
    void theFastReadingAgreesWithTheGeneralOneOnEveryShape() {
        java.util.Random random = new java.util.Random(42);
        String[] offsets = {
            "Z",
            "z",
            "+02:00",
            "+0200",
            "-05:30",
            "-0530",
            "+14:00",
            "+18:00",
            "+18:30",
            "+24:00",
            "+02",
            "+2:00",
            "+02:0",
            "",
            "+02:00:00",
            "UTC",
            "+99:99"
        };
        String[] fractions = {"", ".1", ".123", ".123456789", ".1234567890", ".", ".12a"};
        for (int i = 0; i < 20_000; i++) {
            String text = String.format(
                    "%04d-%02d-%02d%s%02d:%02d:%02d%s%s",
                    random.nextInt(10_000),
                    random.nextInt(14),
                    random.nextInt(33),
                    random.nextBoolean() ? "T" : random.nextBoolean() ? "t" : " ",
                    random.nextInt(26),
                    random.nextInt(62),
                    random.nextInt(62),
                    fractions[random.nextInt(fractions.length)],
                    offsets[random.nextInt(offsets.length)]);
            assertThat(Timestamps.parse(text)).as(text).isEqualTo(Timestamps.parseWithFormatter(text));
        }
    }
}
