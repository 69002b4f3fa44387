package io.hookline.ingest;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Ids for events that came without a producer id: {@code evt_} and 32 hex digits, the first 12 the time in
 * milliseconds, the other 20 random (80 bits; no contention between event loops). Ids made one after the other sort
 * one after the other, so the journal's producer-id index grows at its end instead of touching a random page for
 * every event (which, after each checkpoint, costs a full page image in the write-ahead log).
 */
final class EventIds {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private EventIds() {}

    static String generate() {
        return generate(System.currentTimeMillis(), ThreadLocalRandom.current());
    }

    static String generate(long millis, ThreadLocalRandom random) {
        char[] out = new char[36];
        "evt_".getChars(0, 4, out, 0);
        fill(out, 4, millis, 12);
        fill(out, 16, random.nextLong(), 16);
        fill(out, 32, random.nextInt(), 4);
        return new String(out);
    }

    /** The low {@code digits} hex digits of {@code bits}, most significant first. */
    private static void fill(char[] out, int offset, long bits, int digits) {
        for (int i = 0; i < digits; i++) {
            out[offset + i] = HEX[(int) (bits >>> (4 * (digits - 1 - i))) & 0xF];
        }
    }
}
