package io.hookline.http;

import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Refuses a path whose %-escapes do not spell UTF-8 ({@code %E9}, {@code %C0%AF}): Vert.x Web decodes such bytes to
 * U+FFFD, so the request named another resource than the one sent, and a lookup answered 404 for a "\uFFFD" id. A
 * raw byte above 0x7F is refused too: a request line is ASCII (RFC 9112), and Vert.x reads such a byte as ISO-8859-1,
 * so a raw UTF-8 "é" named "Ã©". A malformed escape ({@code %ZZ}) is Vert.x Web's own 400; a %-escaped NUL is UTF-8
 * and left to the routes.
 */
final class PathEscapes {

    private PathEscapes() {}

    static void check(RoutingContext ctx) {
        if (spellsUtf8(ctx.request().path())) {
            ctx.next();
        } else {
            ctx.fail(400);
        }
    }

    static boolean spellsUtf8(String rawPath) {
        if (rawPath == null) {
            return true;
        }
        ByteArrayOutputStream bytes = null;
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c > 0x7F) {
                return false;
            }
            int hi = i + 2 < rawPath.length() && c == '%' ? hex(rawPath.charAt(i + 1)) : -1;
            int lo = hi < 0 ? -1 : hex(rawPath.charAt(i + 2));
            if (lo >= 0) {
                bytes = bytes == null ? new ByteArrayOutputStream(rawPath.length()) : bytes;
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (bytes != null) {
                bytes.write(c);
            }
        }
        if (bytes == null) {
            return true;
        }
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static int hex(char c) {
        return c > 0x7F ? -1 : Character.digit(c, 16);
    }
}
