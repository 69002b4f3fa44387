package io.hookline.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.Locale;

/**
 * The one rule both listeners apply to a request body's declared type: JSON is {@code application/json}, in any
 * case, in UTF-8 (a {@code charset} parameter, if any, must say so) and not content-encoded (compressed); anything
 * else, or no type at all, is a 415 that says what was sent; a transfer coding other than chunked is a 501. Hookline
 * reads bodies as UTF-8 bytes: a body declared in another charset or encoding would otherwise be refused as invalid
 * UTF-8 or, worse, read as other text.
 */
public final class JsonBodies {

    private JsonBodies() {}

    /** The 415 for {@code request}'s declared body, or null when it is UTF-8 JSON as sent. */
    public static ApiException problem(HttpServerRequest request) {
        // one lookup that also tells a type given twice: the first line would count here, and a proxy in front may read
        // the other (two Authorization headers are refused for the same reason)
        List<String> types = request.headers().getAll(HttpHeaders.CONTENT_TYPE);
        if (types.size() > 1) {
            return declaredTwice("Content-Type", types);
        }
        String type = types.isEmpty() ? null : types.get(0);
        // the two spellings nearly every producer sends are taken without taking the header apart
        if (type == null
                || !(type.equalsIgnoreCase("application/json")
                        || type.equalsIgnoreCase("application/json; charset=utf-8"))) {
            ApiException declared = typeProblem(type);
            if (declared != null) {
                return declared;
            }
        }
        String encoding = request.getHeader(HttpHeaders.CONTENT_ENCODING); // nearly always absent
        if (encoding != null) {
            ApiException encoded = encodingProblem(request, encoding);
            if (encoded != null) {
                return encoded;
            }
        }
        String transfer = request.getHeader(HttpHeaders.TRANSFER_ENCODING);
        if (transfer != null && !onlyChunked(request)) {
            // Netty de-chunks the body and passes any other coding (gzip, chunked) through undecoded (RFC 9112: 501)
            return new ApiException(
                    501,
                    "unsupported_transfer_coding",
                    "Send the body with a Content-Length or 'Transfer-Encoding: chunked' alone: Hookline does not"
                            + " decode 'Transfer-Encoding: "
                            + String.join(", ", request.headers().getAll(HttpHeaders.TRANSFER_ENCODING)) + "'.");
        }
        return null;
    }

    /** The 415 for a body declared compressed, or given two encodings; null for {@code identity} (or blank). */
    private static ApiException encodingProblem(HttpServerRequest request, String encoding) {
        List<String> encodings = request.headers().getAll(HttpHeaders.CONTENT_ENCODING);
        if (encodings.size() > 1) {
            return declaredTwice("Content-Encoding", encodings);
        }
        if (!encoding.isBlank() && !encoding.trim().equalsIgnoreCase("identity")) {
            return new ApiException(
                    415,
                    "unsupported_media_type",
                    "Send the body uncompressed: Hookline does not decode 'Content-Encoding: " + encoding + "'.");
        }
        return null;
    }

    private static ApiException declaredTwice(String name, List<String> lines) {
        return new ApiException(
                415,
                "unsupported_media_type",
                "Send one " + name + " header (got " + lines.size() + ": '" + String.join("', '", lines) + "').");
    }

    /** Every Transfer-Encoding line of the request says chunked and nothing else (one line is the common case). */
    private static boolean onlyChunked(HttpServerRequest request) {
        for (String coding : request.headers().getAll(HttpHeaders.TRANSFER_ENCODING)) {
            if (!coding.trim().equalsIgnoreCase("chunked")) {
                return false;
            }
        }
        return true;
    }

    /** The 415 for a declared type that is not JSON, or not in UTF-8; null when it is both. */
    private static ApiException typeProblem(String type) {
        int semicolon = type == null ? -1 : type.indexOf(';');
        String mime = type == null ? "" : (semicolon < 0 ? type : type.substring(0, semicolon)).trim();
        if (!mime.equalsIgnoreCase("application/json")) {
            return unsupported(type);
        }
        if (semicolon >= 0 && !utf8(type.substring(semicolon))) {
            return new ApiException(
                    415,
                    "unsupported_media_type",
                    "Send the body in UTF-8: 'Content-Type: application/json' or 'application/json; charset=utf-8' (got '"
                            + type + "').");
        }
        return null;
    }

    /** Whether the parameters ({@code ; a=b; charset=...}) name no charset, UTF-8 or US-ASCII (a subset of it). */
    private static boolean utf8(String parameters) {
        for (String parameter : parameters.split(";")) {
            int eq = parameter.indexOf('=');
            if (eq > 0 && parameter.substring(0, eq).trim().equalsIgnoreCase("charset")) {
                String charset =
                        parameter.substring(eq + 1).trim().replace("\"", "").toLowerCase(Locale.ROOT);
                if (!charset.equals("utf-8") && !charset.equals("utf8") && !charset.equals("us-ascii")) {
                    return false;
                }
            }
        }
        return true;
    }

    private static ApiException unsupported(String contentType) {
        return new ApiException(
                415,
                "unsupported_media_type",
                "Send the body as 'Content-Type: application/json' (got "
                        + (contentType == null ? "none" : "'" + contentType + "'") + ").");
    }
}
