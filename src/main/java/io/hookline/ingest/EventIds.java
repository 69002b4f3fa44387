package io.hookline.ingest;

import java.util.concurrent.ThreadLocalRandom;

/** Ids for events that came without a producer id: 128 random bits, no contention between event loops. */
final class EventIds {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private EventIds() {
  }

  static String generate() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    char[] out = new char[36];
    "evt_".getChars(0, 4, out, 0);
    fill(out, 4, random.nextLong());
    fill(out, 20, random.nextLong());
    return new String(out);
  }

  private static void fill(char[] out, int offset, long bits) {
    for (int i = 0; i < 16; i++) {
      out[offset + i] = HEX[(int) (bits >>> (60 - 4 * i)) & 0xF];
    }
  }
}
