package io.hookline.payload;

import java.time.OffsetDateTime;

/**
 * Payload timestamps written by hand, as {@code yyyy-MM-dd HH:mm:ss xx} ({@code 2026-05-24 10:35:18 +0200}, calls,
 * reactions and v2 messages) or {@code yyyy-MM-dd'T'HH:mm:ssxx} (the legacy message): every payload has one, and the
 * general formatter is slow. The producer's offset is kept; years are 0001..9999 (ingest refuses others).
 */
final class PayloadTime {

    private final char separator;
    private final boolean spaceBeforeOffset;

    PayloadTime(char separator, boolean spaceBeforeOffset) {
        this.separator = separator;
        this.spaceBeforeOffset = spaceBeforeOffset;
    }

    String format(OffsetDateTime t) {
        char[] out = new char[spaceBeforeOffset ? 25 : 24];
        put(out, 0, t.getYear(), 4);
        out[4] = '-';
        put(out, 5, t.getMonthValue(), 2);
        out[7] = '-';
        put(out, 8, t.getDayOfMonth(), 2);
        out[10] = separator;
        put(out, 11, t.getHour(), 2);
        out[13] = ':';
        put(out, 14, t.getMinute(), 2);
        out[16] = ':';
        put(out, 17, t.getSecond(), 2);
        int i = 19;
        if (spaceBeforeOffset) {
            out[i++] = ' ';
        }
        int seconds = t.getOffset().getTotalSeconds();
        out[i++] = seconds < 0 ? '-' : '+';
        int abs = Math.abs(seconds);
        put(out, i, abs / 3600, 2);
        put(out, i + 2, abs / 60 % 60, 2);
        return new String(out);
    }

    private static void put(char[] out, int at, int value, int width) {
        for (int k = width - 1; k >= 0; k--) {
            out[at + k] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
