package io.hookline.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns one producer event (docs/api.md) into an {@link IngestEvent}, or into the list of everything wrong with
 * it, in one streaming pass over the bytes: no JSON tree is built. Unknown fields, unknown enum values, wrong
 * JSON types, impossible call direction/status pairs and text PostgreSQL cannot store are all violations.
 *
 * <p>The journal stores the bytes this accepted and reads them back with this same parser, so what is delivered
 * later (re-drive, test, resend, log download) is rendered from exactly the event that was acknowledged.
 */
public final class EventParser {

    public static final int MAX_ID_LENGTH = 128;
    public static final Pattern WORKSPACE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    static final int SHORT = 1024;
    static final int LONG = 65536;
    static final int UID = 256;

    /** Duplicate keys are refused: which of two values a producer meant is anyone's guess. */
    static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    static final Set<String> TOP =
            Set.of("id", "workspace_id", "type", "chat", "whatsapp_account", "message", "call", "reaction");

    /**
     * The outcome: either {@code event} or a non-empty {@code violations} (the first {@link Violation#LISTED} of
     * {@code problems}); {@code producerId} when readable, and the {@code kind} the producer meant when its
     * {@code type} was a known one (for metrics, even of invalid events).
     */
    public record Result(
            IngestEvent event, List<Violation> violations, int problems, String producerId, EventKind kind) {
        public boolean valid() {
            return event != null;
        }

        /** The kind for metrics: message, call, reaction or unknown. */
        public String kindLabel() {
            return kind == null ? "unknown" : kind.wire();
        }
    }

    /** The input is not JSON at all (or not UTF-8 JSON): a 400, not a 422. */
    public static final class MalformedJson extends Exception {
        public MalformedJson(String message) {
            super(message, null, false, false);
        }
    }

    private EventParser() {}

    /** Parses a JSON value given as Vert.x JSON or text (tests, tools); anything but an object is a violation. */
    public static Result parse(Object input) {
        if (!(input instanceof JsonObject obj)) {
            return notAnObject();
        }
        byte[] bytes = obj.encode().getBytes(StandardCharsets.UTF_8);
        try {
            return parse(bytes, 0, bytes.length);
        } catch (MalformedJson e) {
            throw new IllegalStateException("Vert.x encoded invalid JSON", e);
        }
    }

    /** A streaming parser over UTF-8 JSON text (already checked by {@link JsonText}). */
    public static JsonParser parser(byte[] bytes, int offset, int length) throws IOException {
        return JSON.createParser(bytes, offset, length);
    }

    /** Parses one event from UTF-8 bytes (already checked by {@link JsonText}); trailing content is malformed. */
    public static Result parse(byte[] bytes, int offset, int length) throws MalformedJson {
        try (JsonParser p = parser(bytes, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                p.skipChildren();
                requireEnd(p);
                return notAnObject();
            }
            Result result = read(p);
            requireEnd(p);
            return result;
        } catch (IOException e) {
            throw new MalformedJson(JsonText.describe(e));
        }
    }

    public static Result notAnObject() {
        return new Result(null, List.of(new Violation("", "an event must be a JSON object")), 1, null, null);
    }

    private static void requireEnd(JsonParser p) throws IOException, MalformedJson {
        if (p.nextToken() != null) {
            throw new MalformedJson("unexpected content after the JSON value");
        }
    }

    /** Reads the event object whose START_OBJECT is the parser's current token, up to its END_OBJECT. */
    public static Result read(JsonParser p) throws IOException {
        FieldReader f = new FieldReader(p);
        EventFields event = new EventFields(new EventBodies(p));
        for (String name = f.nextField(); name != null; name = f.nextField()) {
            event.field(f, name);
        }
        return event.result(f);
    }

    static void requireSeen(FieldReader f, boolean seen, String field) {
        if (!seen) {
            f.add(field, "is required");
        }
    }
}
