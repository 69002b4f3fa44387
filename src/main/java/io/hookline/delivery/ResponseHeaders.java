package io.hookline.delivery;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.vertx.core.MultiMap;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * A receiver's response headers as the JSON object the log shows: lower-case names in case-insensitive order,
 * repeated headers joined with ", " in the order they came. Written by hand into one string from one pass over the
 * headers: this runs for every attempt ({@code MultiMap.names()} would build a tree set, and {@code getAll} a list per
 * name).
 */
final class ResponseHeaders {

    private ResponseHeaders() {}

    static String json(MultiMap headers) {
        String[][] pairs = new String[8][];
        int n = 0;
        for (Map.Entry<String, String> header : headers) {
            if (n == pairs.length) {
                pairs = Arrays.copyOf(pairs, n * 2);
            }
            pairs[n++] = new String[] {header.getKey().toLowerCase(Locale.ROOT), header.getValue()};
        }
        // stable: repeated headers keep the order they came in
        Arrays.sort(pairs, 0, n, (a, b) -> String.CASE_INSENSITIVE_ORDER.compare(a[0], b[0]));
        StringBuilder out = new StringBuilder(256).append('{');
        for (int i = 0; i < n; ) {
            if (i > 0) {
                out.append(',');
            }
            quote(out, pairs[i][0]).append(':').append('"');
            String name = pairs[i][0];
            quoted(out, pairs[i++][1]);
            while (i < n && pairs[i][0].equals(name)) {
                quoted(out.append(", "), pairs[i++][1]);
            }
            out.append('"');
        }
        return out.append('}').toString();
    }

    private static StringBuilder quote(StringBuilder out, String value) {
        out.append('"');
        quoted(out, value);
        return out.append('"');
    }

    private static void quoted(StringBuilder out, String value) {
        JsonStringEncoder.getInstance().quoteAsString(StorableText.withoutNul(asSent(value)), out);
    }

    /**
     * The header value as the receiver wrote it. HTTP/1.1 headers are bytes; the client reads each byte as one
     * Latin-1 character, so a UTF-8 value ({@code café}) would be stored as mojibake ({@code cafÃ©}). A value whose
     * bytes are valid UTF-8 is read as UTF-8; any other keeps the byte-per-character reading.
     */
    static String asSent(String value) {
        int i = 0;
        while (i < value.length() && value.charAt(i) < 0x80) {
            i++;
        }
        if (i == value.length()) {
            return value; // ASCII, nearly every header: nothing to decode
        }
        byte[] bytes = new byte[value.length()];
        for (int j = 0; j < bytes.length; j++) {
            char c = value.charAt(j);
            if (c > 0xFF) {
                return value; // not a byte-per-character string
            }
            bytes[j] = (byte) c;
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException notUtf8) {
            return value;
        }
    }
}
