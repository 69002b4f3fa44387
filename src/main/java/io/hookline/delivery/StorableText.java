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
