package io.hookline.delivery;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.vertx.core.MultiMap;
import java.util.Locale;

/**
 * A receiver's response headers as the JSON object the log shows: lower-case names, repeated headers joined with
 * ", ". Written by hand into one string: this runs for every attempt.
 */
final class ResponseHeaders {

    private ResponseHeaders() {}

    static String json(MultiMap headers) {
        StringBuilder out = new StringBuilder(256).append('{');
        boolean first = true;
        for (String name : headers.names()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            quote(out, name.toLowerCase(Locale.ROOT)).append(':');
            quote(out, StorableText.withoutNul(String.join(", ", headers.getAll(name))));
        }
        return out.append('}').toString();
    }

    private static StringBuilder quote(StringBuilder out, String value) {
        out.append('"');
        JsonStringEncoder.getInstance().quoteAsString(StorableText.withoutNul(value), out);
        return out.append('"');
    }
}
