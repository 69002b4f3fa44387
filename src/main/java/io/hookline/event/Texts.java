package io.hookline.event;

/** What makes a piece of text unfit to keep in PostgreSQL, checked wherever outside text is stored or looked up. */
public final class Texts {

    private Texts() {}

    /**
     * Why PostgreSQL could not store this text as given, or null: NUL is not allowed in text, and an unpaired
     * surrogate has no UTF-8 form (it would be stored as '?', a different value than the one sent).
     */
    public static String unstorable(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c == '\u0000') {
                return "must not contain NUL (\\u0000) characters";
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return "must not contain unpaired surrogate characters (\\ud800-\\udfff)";
                }
            }
        }
        return null;
    }
}
