package io.hookline.event;

import static java.time.temporal.ChronoField.DAY_OF_MONTH;
import static java.time.temporal.ChronoField.MONTH_OF_YEAR;
import static java.time.temporal.ChronoField.YEAR;

import java.time.OffsetDateTime;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Locale;

/**
 * The producer timestamp rule: an ISO-8601 / RFC 3339 date-time with an offset ({@code +02:00}, {@code +0200} or
 * {@code Z}), a year from 0001 to 9999, and a date and time that exist. Parsed strictly: the default (SMART)
 * resolver silently turned 2026-02-30 into 2026-02-28 and 24:00 into the next day, and year 0000 rendered as 0001
 * ({@code yyyy} is year-of-era), so payloads said something the producer never did.
 */
public final class Timestamps {

    /** What a producer should send; the message of every refusal. */
    public static final String RULE = "must be an ISO-8601 date-time with an offset that exists on the calendar, "
            + "e.g. 2026-05-24T10:35:18+02:00 (year 0001..9999, hours 00..23, a day the month has)";

    // 'uuuu' (proleptic year, exactly four digits) + STRICT: no clamping of impossible days, no 24:00
    private static final DateTimeFormatter FORMAT = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .appendValue(YEAR, 4)
            .appendLiteral('-')
            .appendValue(MONTH_OF_YEAR, 2)
            .appendLiteral('-')
            .appendValue(DAY_OF_MONTH, 2)
            .appendLiteral('T')
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .optionalStart()
            .appendOffset("+HH:MM", "Z")
            .optionalEnd()
            .optionalStart()
            .appendOffset("+HHMM", "Z")
            .optionalEnd()
            .toFormatter(Locale.ROOT)
            .withChronology(IsoChronology.INSTANCE)
            .withResolverStyle(ResolverStyle.STRICT);

    private Timestamps() {}

    /** The date-time exactly as written, or null when it breaks {@link #RULE}. */
    public static OffsetDateTime parse(String text) {
        if (text == null) {
            return null;
        }
        OffsetDateTime fast = FastTimestamps.parse(text);
        if (fast != null) {
            return fast == FastTimestamps.INVALID ? null : fast;
        }
        return parseWithFormatter(text);
    }

    /** The general (slow) reading, which the fast one must agree with wherever it answers. */
    static OffsetDateTime parseWithFormatter(String text) {
        try {
            OffsetDateTime time = OffsetDateTime.parse(text, FORMAT);
            return time.getYear() >= 1 ? time : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
