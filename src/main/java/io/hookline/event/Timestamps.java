package io.hookline.event;

import static java.time.temporal.ChronoField.DAY_OF_MONTH;
import static java.time.temporal.ChronoField.HOUR_OF_DAY;
import static java.time.temporal.ChronoField.MINUTE_OF_HOUR;
import static java.time.temporal.ChronoField.MONTH_OF_YEAR;
import static java.time.temporal.ChronoField.NANO_OF_SECOND;
import static java.time.temporal.ChronoField.SECOND_OF_MINUTE;
import static java.time.temporal.ChronoField.YEAR;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;

/**
 * Producer timestamps: ISO-8601 with a mandatory offset ({@code +02:00}, {@code +0200} or {@code Z}), read
 * strictly. An impossible date (February 30, hour 24, year 0000) is refused rather than quietly moved to a
 * neighbouring valid one: Hookline never changes what the producer said.
 */
public final class Timestamps {

  private static final DateTimeFormatter FORMAT = new DateTimeFormatterBuilder()
      .appendValue(YEAR, 4).appendLiteral('-').appendValue(MONTH_OF_YEAR, 2).appendLiteral('-')
      .appendValue(DAY_OF_MONTH, 2).appendLiteral('T')
      .appendValue(HOUR_OF_DAY, 2).appendLiteral(':').appendValue(MINUTE_OF_HOUR, 2).appendLiteral(':')
      .appendValue(SECOND_OF_MINUTE, 2)
      .optionalStart().appendFraction(NANO_OF_SECOND, 1, 9, true).optionalEnd()
      .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
      .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
      .toFormatter()
      .withChronology(IsoChronology.INSTANCE)
      .withResolverStyle(ResolverStyle.STRICT);

  private Timestamps() {
  }

  /** The timestamp, or null when it is not a real instant written as described above. */
  public static OffsetDateTime parse(String text) {
    if (text == null || text.length() > 64) {
      return null;
    }
    try {
      OffsetDateTime time = OffsetDateTime.parse(text, FORMAT);
      return time.getYear() >= 1 ? time : null;
    } catch (DateTimeException e) {
      return null;
    }
  }
}
