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
 * stored in that form, and compared with the reserved names case- and accent-insensitively, with the Cyrillic and
 * Greek letters that look like Latin ones folded too; a name mixing Latin with those scripts is refused outright.
 * Workspace names are display labels that nothing is authorised or audited by, so they keep their characters
 * (only surrounding white space is trimmed) but obey the same character rule.
 */
final class Names {

    static final int MAX_TOKEN_NAME = 100;
    private static final Set<String> RESERVED = Set.of("admin", "system");
    /** Cyrillic and Greek letters drawn like Latin ones, and their Latin look-alike, pairwise. */
    private static final String LOOK_ALIKES = "аaеeіiјjоoрpсcѕsуyхxԁdһhԛqԝwӏlАaВbЕeЅsІiЈjКkМmНhОoРpСcТtУyХxҮy"
            + "αaβbεeιiκkνvοoρpτtυuχxΑaΒbΕeΖzΗhΙiΚkΜmΝnΟoΡpΤtΥyΧx";

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

    /** Accents removed, Cyrillic and Greek look-alikes replaced by their Latin letter, lower case. */
    private static String skeleton(String name) {
        String decomposed = Normalizer.normalize(name, Normalizer.Form.NFD);
        StringBuilder skeleton = new StringBuilder(decomposed.length());
        for (int i = 0; i < decomposed.length(); i++) {
            char c = decomposed.charAt(i);
            if (Character.getType(c) == Character.NON_SPACING_MARK) {
                continue;
            }
            int alike = LOOK_ALIKES.indexOf(c);
            skeleton.append(alike >= 0 && alike % 2 == 0 ? LOOK_ALIKES.charAt(alike + 1) : Character.toLowerCase(c));
        }
        return skeleton.toString();
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
