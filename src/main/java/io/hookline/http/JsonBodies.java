package io.hookline.http;

/**
 * The one rule both listeners apply to a request body's declared type: JSON is {@code application/json}, with any
 * parameters ({@code ; charset=utf-8}), in any case; anything else, or nothing, is a 415 that says what was sent.
 */
public final class JsonBodies {

    private JsonBodies() {}

    public static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String mime = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return mime.equalsIgnoreCase("application/json");
    }

    public static ApiException unsupported(String contentType) {
        return new ApiException(
                415,
                "unsupported_media_type",
                "Send the body as 'Content-Type: application/json' (got "
                        + (contentType == null ? "none" : "'" + contentType + "'") + ").");
    }
}
