package io.hookline.event;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Request bodies as JSON text: UTF-8 only (RFC 8259 §8.1). A leading byte order mark is ignored, as the RFC
 * allows. Anything else that is not well-formed UTF-8 — overlong forms ({@code C0 AF}), encoded surrogates
 * ({@code ED A0 80}), code points past U+10FFFF, truncated sequences — and any NUL byte (which is also how UTF-16
 * and UTF-32 bodies look) is refused before the JSON parser sees it, so no other encoding is ever guessed.
 */
public final class JsonText {

    private JsonText() {}

    /** Where the JSON text starts: after a UTF-8 byte order mark, if there is one. */
    public static int start(byte[] b, int offset, int length) {
        return length >= 3 && b[offset] == (byte) 0xEF && b[offset + 1] == (byte) 0xBB && b[offset + 2] == (byte) 0xBF
                ? offset + 3
                : offset;
    }

    private static final int BAD_LEAD = -1;
    private static final int TRUNCATED = -2;
    private static final int MALFORMED = -3;

    /** Null when the bytes are well-formed UTF-8 without NUL; otherwise what is wrong, and where. */
    public static String encodingProblem(byte[] b, int offset, int length) {
        int end = offset + length;
        int i = offset;
        while (i < end) {
            int c = b[i];
            if (c > 0) {
                i++;
                continue;
            }
            if (c == 0) {
                return "it contains a NUL byte at offset " + (i - offset) + "; send the JSON as UTF-8";
            }
            int n = sequenceLength(b, i, end);
            if (n > 0) {
                i += n;
                continue;
            }
            String where = " at offset " + (i - offset) + ")";
            return switch (n) {
                case BAD_LEAD ->
                    "it is not valid UTF-8 (byte 0x"
                            + Integer.toHexString(c & 0xFF).toUpperCase() + where;
                case TRUNCATED -> "it is not valid UTF-8 (truncated sequence" + where;
                default -> "it is not valid UTF-8 (malformed sequence" + where;
            };
        }
        return null;
    }

    /**
     * The length of the multi-byte sequence whose lead byte is at {@code i}, or {@link #BAD_LEAD}, {@link #TRUNCATED}
     * or {@link #MALFORMED}. Overlong forms, UTF-16 surrogates and code points past U+10FFFF are malformed.
     */
    private static int sequenceLength(byte[] b, int i, int end) {
        int c = b[i] & 0xFF;
        int need;
        int min2 = 0x80;
        int max2 = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            min2 = c == 0xE0 ? 0xA0 : 0x80; // E0 80..9F would be overlong
            max2 = c == 0xED ? 0x9F : 0xBF; // ED A0..BF would encode a UTF-16 surrogate
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            min2 = c == 0xF0 ? 0x90 : 0x80; // F0 80..8F would be overlong
            max2 = c == 0xF4 ? 0x8F : 0xBF; // F4 90.. would be past U+10FFFF
        } else {
            return BAD_LEAD;
        }
        if (i + need >= end) {
            return TRUNCATED;
        }
        int second = b[i + 1] & 0xFF;
        boolean ok = second >= min2 && second <= max2;
        for (int k = 2; k <= need && ok; k++) {
            ok = (b[i + k] & 0xC0) == 0x80;
        }
        return ok ? need + 1 : MALFORMED;
    }

    /** A truncated body: the parser names where the open object or array began, inside its own location text. */
    private static final Pattern UNCLOSED = Pattern.compile(
            "Unexpected end-of-input: expected close marker for (Object|Array) .*line: (\\d+), column: (\\d+)\\]\\)");

    /** Where the parser's own message turns to its settings or its internal context: cut there. */
    private static final String[] PARSER_DETAIL = {
        " (not recognized as one since", ": enable `", " (for ", " (start marker at"
    };

    /**
     * One sentence describing a JSON syntax error, with its line and column, without echoing the input or naming the
     * parser's switches (a producer cannot turn on comments or {@code NaN} here, so naming them would only mislead).
     */
    public static String describe(IOException e) {
        String message = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        if (message == null) {
            return "unreadable input";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        if (line.startsWith("Unexpected close marker '") && line.contains("(for root")) {
            // the parser says what it "expected" for the document root, which reads as if an array were open
            line = "unexpected '" + line.charAt("Unexpected close marker '".length())
                    + "' where no object or array is open";
        }
        Matcher unclosed = UNCLOSED.matcher(line);
        if (unclosed.matches()) {
            line = "Unexpected end-of-input: the " + unclosed.group(1).toLowerCase(Locale.ROOT) + " opened at line "
                    + unclosed.group(2) + ", column " + unclosed.group(3) + " is not closed";
        }
        for (String detail : PARSER_DETAIL) {
            int at = line.indexOf(detail);
            if (at > 0) {
                line = line.substring(0, at);
            }
        }
        // a limit's message names the parser's setting behind it: "(1000, from `StreamReadConstraints...`)"
        line = line.replaceAll(", from `[^`]*`", "");
        JsonLocation where = e instanceof JsonProcessingException jpe ? jpe.getLocation() : null;
        return where == null || where.getLineNr() < 1
                ? line
                : line + " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")";
    }
}
