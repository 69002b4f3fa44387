package io.hookline.event;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The common shapes of {@link Timestamps} ({@code 2026-05-24T10:35:18[.fraction](Z|+02:00|+0200)}) read by hand:
 * the formatter is general and slow, and every event carries a timestamp. Says "not sure" (null) for any other
 * shape, so the formatter decides those; {@link #INVALID} for a date or time that does not exist.
 */
final class FastTimestamps {

    static final OffsetDateTime INVALID = OffsetDateTime.MIN;

    private FastTimestamps() {}

    static OffsetDateTime parse(String s) {
        int n = s.length();
        if (n < 20
                || s.charAt(4) != '-'
                || s.charAt(7) != '-'
                || (s.charAt(10) != 'T' && s.charAt(10) != 't')
                || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        int end = fractionEnd(s, 19);
        if (end < 0) {
            return null;
        }
        int nanos = nanos(s, 19, end);
        ZoneOffset offset = offset(s, end);
        if (offset == null) {
            return null;
        }
        if (year < 1 || hour > 23 || minute > 59 || second > 59) {
            return INVALID;
        }
        try {
            return OffsetDateTime.of(LocalDateTime.of(year, month, day, hour, minute, second, nanos), offset);
        } catch (DateTimeException e) {
            return INVALID;
        }
    }

    /** Where the seconds' fraction starting at {@code i} ends ({@code i} if there is none); -1 for a '.' without digits. */
    private static int fractionEnd(String s, int i) {
        if (s.charAt(i) != '.') {
            return i;
        }
        int start = i + 1;
        int end = start;
        while (end < s.length() && end - start < 9 && isDigit(s.charAt(end))) {
            end++;
        }
        return end == start ? -1 : end;
    }

    /** The fraction's digits between the '.' at {@code dot} and {@code end}, as nanoseconds. */
    private static int nanos(String s, int dot, int end) {
        int nanos = 0;
        for (int k = dot + 1; k < end; k++) {
            nanos = nanos * 10 + (s.charAt(k) - '0');
        }
        for (int k = end - dot - 1; k < 9 && end > dot; k++) {
            nanos *= 10;
        }
        return nanos;
    }

    /** {@code Z}, {@code +HH:MM} or {@code +HHMM} exactly up to the end; null for anything else. */
    private static ZoneOffset offset(String s, int i) {
        int n = s.length();
        if (i >= n) {
            return null;
        }
        char c = s.charAt(i);
        if (c == 'Z' || c == 'z') {
            return i + 1 == n ? ZoneOffset.UTC : null;
        }
        if (c != '+' && c != '-') {
            return null;
        }
        int hours = digits(s, i + 1, 2);
        int colon = i + 3 < n && s.charAt(i + 3) == ':' ? 1 : 0;
        int minutes = digits(s, i + 3 + colon, 2);
        if (hours < 0 || minutes < 0 || i + 5 + colon != n || hours > 18 || minutes > 59) {
            return null;
        }
        try {
            int sign = c == '-' ? -1 : 1;
            return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static int digits(String s, int from, int count) {
        if (from + count > s.length()) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
