package io.hookline.http;

import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Refuses a path whose %-escapes do not spell UTF-8 ({@code %E9}, {@code %C0%AF}): Vert.x Web decodes such bytes to
 * U+FFFD, so the request named another resource than the one sent, and a lookup answered 404 for a "\uFFFD" id.
 * A malformed escape ({@code %ZZ}) is Vert.x Web's own 400; a %-escaped NUL is UTF-8 and left to the routes.
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
        if (rawPath == null || rawPath.indexOf('%') < 0) {
            return true;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(rawPath.length());
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            int hi = i + 2 < rawPath.length() && c == '%' ? Character.digit(rawPath.charAt(i + 1), 16) : -1;
            int lo = hi < 0 ? -1 : Character.digit(rawPath.charAt(i + 2), 16);
            if (lo >= 0) {
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                return true; // a raw non-ASCII character: not an escape, and not this check's to judge
            }
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
}
