package io.hookline.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Encodes the JSON of API answers. Vert.x's encoder writes a character beyond the BMP (an emoji) as two escaped
 * surrogates ({@code \uD83D\uDC4D}); payloads go out as UTF-8, so a payload shown in an answer (the log, a test or a
 * resend) would not be the bytes that were sent. This writes such characters as UTF-8 and is otherwise the same
 * compact JSON.
 */
public final class JsonAnswers {

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();

    private JsonAnswers() {}

    /** {@code value} (a JSON object or array) as UTF-8 JSON text. */
    public static Buffer encode(Object value) {
        ByteBufOutputStream out = new ByteBufOutputStream(Unpooled.buffer(256));
        try (JsonGenerator generator = JSON.createGenerator((java.io.OutputStream) out)) {
            write(generator, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return BufferInternal.buffer(out.buffer());
    }

    private static void write(JsonGenerator g, Object value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof JsonObject object) {
            writeObject(g, object.getMap());
        } else if (value instanceof Map<?, ?> map) {
            writeObject(g, map);
        } else if (value instanceof JsonArray array) {
            writeArray(g, array.getList());
        } else if (value instanceof List<?> list) {
            writeArray(g, list);
        } else if (value instanceof CharSequence text) {
            String s = text.toString();
            if (loneSurrogate(s)) {
                // Jackson 2.18's surrogate combining would fuse it with the next character (and UTF-8 cannot hold it)
                g.writeRawValue(escapeLoneSurrogates(Json.encode(s)));
            } else {
                g.writeString(s);
            }
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Integer
                || value instanceof Long
                || value instanceof Short
                || value instanceof Byte) {
            g.writeNumber(((Number) value).longValue());
        } else if (value instanceof Double d) {
            g.writeNumber(d);
        } else if (value instanceof Float f) {
            g.writeNumber(f);
        } else if (value instanceof BigDecimal d) {
            g.writeNumber(d);
        } else if (value instanceof BigInteger i) {
            g.writeNumber(i);
        } else {
            g.writeRawValue(Json.encode(value)); // anything else as Vert.x writes it (none of the API's answers)
        }
    }

    /** Whether {@code s} holds a surrogate that is not half of a pair (an error can echo such input). */
    static boolean loneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /** {@code json} (a JSON string literal) with each lone surrogate written as a {@code \\uXXXX} escape. */
    private static String escapeLoneSurrogates(String json) {
        StringBuilder out = new StringBuilder(json.length() + 16);
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < json.length() && Character.isLowSurrogate(json.charAt(i + 1))) {
                out.append(c).append(json.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static void writeObject(JsonGenerator g, Map<?, ?> map) throws IOException {
        g.writeStartObject();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            g.writeFieldName(String.valueOf(entry.getKey())); // keys are the API's own names
            write(g, entry.getValue());
        }
        g.writeEndObject();
    }

    private static void writeArray(JsonGenerator g, List<?> list) throws IOException {
        g.writeStartArray();
        for (Object item : list) {
            write(g, item);
        }
        g.writeEndArray();
    }
}
