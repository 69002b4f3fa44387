package io.hookline.delivery;

/**
 * Makes text that came from a receiver (its answer, or an error message quoting it) safe to store: PostgreSQL text
 * cannot hold NUL, and one unstorable attempt must never block the writer that stores everyone's attempts.
 */
final class StorableText {

    static final int MAX_ERROR_LENGTH = 1000;

    private StorableText() {}

    /** The text without NUL characters. */
    static String withoutNul(String text) {
        return text == null || text.indexOf('\u0000') < 0 ? text : text.replace("\u0000", "");
    }

    /**
     * How many of {@code bytes} remain once a multi-byte UTF-8 sequence cut short at the end is left out; all of them
     * when the end is whole (or not UTF-8 at all, which decoding then marks as it always does).
     */
    static int wholeUtf8Prefix(byte[] bytes) {
        int n = bytes.length;
        for (int back = 1; back <= Math.min(3, n); back++) {
            int b = bytes[n - back] & 0xFF;
            if (b < 0x80) {
                return n; // ASCII: nothing open
            }
            if (b >= 0xC0) { // the lead byte of the last sequence: is it complete?
                int needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
                return back < needed ? n - back : n;
            }
        }
        return n;
    }

    /** One short line: control characters (NUL included) become spaces, and it is cut at 1000 characters. */
    static String errorLine(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_ERROR_LENGTH));
        for (int i = 0; i < text.length() && out.length() < MAX_ERROR_LENGTH; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? ' ' : c);
        }
        return out.toString();
    }
}
