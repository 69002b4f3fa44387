package io.hookline.admin;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/**
 * The rules for names given in the management API. PostgreSQL text cannot hold NUL (it answered 500), and names
 * show up in the audit log and in mails, where invisible or reordering characters would let one name pass for
 * another.
 *
 * <p>Token names are identities: the audit log records them as the actor next to {@code admin} and {@code system}.
 * So they are normalised (NFKC folds full-width and other compatibility forms, then surrounding white space goes),
 * stored in that form, and compared with the reserved names case- and accent-insensitively, with the letters of any
 * script that look like theirs folded too; a name mixing Latin with Cyrillic or Greek is refused outright.
 * Workspace names are display labels that nothing is authorised or audited by, so they keep their characters
 * (only surrounding white space is trimmed) but obey the same character rule.
 */
final class Names {

    static final int MAX_TOKEN_NAME = 100;
    private static final Set<String> RESERVED = Set.of("admin", "system");
    /**
     * Letters drawn like one of the letters of the reserved names (a, d, e, i, m, n, s, t, y), each followed by that
     * letter, pairwise. Generated with ICU4J 76.1 from Unicode's confusables (UTS #39 skeletons; a lower- or
     * upper-case form whose skeleton is the letter's counts too, so Cyrillic т and м go with T and M) plus the
     * "LETTER SMALL CAPITAL" letters; only characters NFKC leaves as they are (it folds the rest first). A hand-made
     * list of Cyrillic and Greek letters missed Latin ı, ɑ, ᴀ, ʏ, ꜱ and Armenian ո (an outside review).
     */
    private static final String LOOK_ALIKES = "\u0131i\u0194y\u0196i\u01BCs\u01BDs\u01C0i\u0251a\u0263y"
            + "\u0269i\u026Ai\u0274n\u028Fy\u0391a\u0393y\u0395e\u0399i"
            + "\u039Cm\u039Dn\u03A4t\u03A5y\u03B1a\u03B3y\u03B5e\u03B9i"
            + "\u03BCm\u03BDn\u03C4t\u03C5y\u03FAm\u03FBm\u0405s\u0406i"
            + "\u0410a\u0415e\u041Cm\u0422t\u0423y\u0430a\u0435e\u043Cm"
            + "\u0442t\u0443y\u0455s\u0456i\u04AEy\u04AFy\u04BCe\u04BDe"
            + "\u04C0i\u04CFi\u0500d\u0501d\u0548n\u054Cn\u054Fs\u0578n"
            + "\u057Cn\u057Fs\u05C0i\u05D5i\u05DFi\u0627i\u0661i\u06F1i"
            + "\u07CAi\u10E7y\u13A0d\u13A2t\u13A5i\u13A9y\u13AAa\u13ACe"
            + "\u13B7m\u13BDy\u13D5s\u13DAs\u13E7d\u146Fd\u15C5a\u15DEd"
            + "\u15EAd\u15F0m\u16C1i\u16D6m\u1C84t\u1C85t\u1CA7y\u1D00a"
            + "\u1D05d\u1D07e\u1D0Dm\u1D1Bt\u1D8Cy\u1EFEy\u1EFFy\u212Ee"
            + "\u2223i\u22A4t\u22FFe\u2373i\u237Aa\u23FDi\u27D9t\u2C6Da"
            + "\u2C92i\u2C93i\u2C98m\u2C99m\u2C9An\u2C9Bn\u2CA6t\u2CA7t"
            + "\u2CA8y\u2CA9y\u2D39e\u2D4Fi\uA4D2d\uA4D3d\uA4D4t\uA4DFm"
            + "\uA4E0n\uA4E2s\uA4ECy\uA4EEa\uA4F0e\uA4F2i\uA646i\uA647i"
            + "\uA731s\uA7AEi\uAB32e\uAB5Ay\uAB70d\uAB72t\uAB75i\uAB79y"
            + "\uAB7Aa\uAB7Ce\uAB87m\uAB8Dy\uABA5s\uABAAs\uABB7d";

    private Names() {}

    /** NFKC, then trimmed: the form a token name is checked and stored in. */
    static String normaliseTokenName(String raw) {
        return Normalizer.normalize(raw, Normalizer.Form.NFKC).strip();
    }

    /** What is wrong with a normalised token name, or null. */
    static String tokenNameProblem(String name) {
        String characters = characterProblem(name);
        if (characters != null) {
            return characters;
        }
        if (name.isEmpty() || name.length() > MAX_TOKEN_NAME) {
            return "must be 1.." + MAX_TOKEN_NAME + " characters (not counting surrounding spaces)";
        }
        if (!visible(name)) {
            // only marks, spaces or fillers that draw nothing: the audit log would show a blank actor
            return "must contain a letter, digit or symbol that shows (not only combining marks or blank fillers)";
        }
        if (mixesLatinWithLookAlikeScripts(name)) {
            return "must not mix Latin letters with Cyrillic or Greek ones (look-alikes could pass for another name)";
        }
        if (RESERVED.contains(skeleton(name))) {
            return "must not be, or look like, 'admin' or 'system': those names are reserved for the audit log";
        }
        return null;
    }

    /**
     * What is wrong with the characters of a name, or null: control characters (NUL among them), invisible format
     * characters (zero-width, bidirectional overrides), line separators and unpaired surrogates.
     */
    static String characterProblem(String name) {
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            switch (Character.getType(cp)) {
                case Character.CONTROL,
                        Character.FORMAT,
                        Character.SURROGATE,
                        Character.LINE_SEPARATOR,
                        Character.PARAGRAPH_SEPARATOR -> {
                    return "must not contain control, invisible or bidirectional formatting characters (found U+"
                            + String.format(Locale.ROOT, "%04X", cp) + ")";
                }
                default -> i += Character.charCount(cp);
            }
        }
        return null;
    }

    /** Accents removed, look-alikes replaced by the Latin letter they pass for, lower case. */
    private static String skeleton(String name) {
        String decomposed = Normalizer.normalize(name, Normalizer.Form.NFD);
        StringBuilder skeleton = new StringBuilder(decomposed.length());
        for (int i = 0; i < decomposed.length(); i++) {
            char c = decomposed.charAt(i);
            if (Character.getType(c) == Character.NON_SPACING_MARK) {
                continue;
            }
            int alike = lookAlike(c);
            skeleton.append(alike >= 0 ? LOOK_ALIKES.charAt(alike + 1) : Character.toLowerCase(c));
        }
        // "adrnin" reads as "admin"; l, 1 and | pass for I in many fonts (Unicode's confusables give them one skeleton)
        return skeleton.toString()
                .replace("rn", "m")
                .replace('l', 'i')
                .replace('1', 'i')
                .replace('|', 'i');
    }

    /** The index of {@code c} among the table's look-alikes (even positions), or -1. */
    private static int lookAlike(char c) {
        for (int i = 0; i < LOOK_ALIKES.length(); i += 2) {
            if (LOOK_ALIKES.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    /** Letters that are drawn as nothing: the Hangul fillers and the blank Braille pattern. */
    private static final String BLANK_LETTERS = "\u115F\u1160\u3164\uFFA0\u2800";

    /** Whether some character of {@code name} is a letter, digit, punctuation or symbol that is drawn. */
    private static boolean visible(String name) {
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            i += Character.charCount(cp);
            if (BLANK_LETTERS.indexOf(cp) >= 0) {
                continue;
            }
            switch (Character.getType(cp)) {
                case Character.SPACE_SEPARATOR,
                        Character.NON_SPACING_MARK,
                        Character.ENCLOSING_MARK,
                        Character.COMBINING_SPACING_MARK,
                        Character.UNASSIGNED -> {
                    // draws nothing on its own
                }
                default -> {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean mixesLatinWithLookAlikeScripts(String name) {
        boolean latin = false;
        boolean other = false;
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            if (Character.isLetter(cp)) {
                Character.UnicodeScript script = Character.UnicodeScript.of(cp);
                latin |= script == Character.UnicodeScript.LATIN;
                other |= script == Character.UnicodeScript.CYRILLIC || script == Character.UnicodeScript.GREEK;
            }
            i += Character.charCount(cp);
        }
        return latin && other;
    }
}
