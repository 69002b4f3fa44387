package io.hookline.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.hookline.event.EventParser;
import io.hookline.event.JsonText;
import io.hookline.event.Violation;
import io.hookline.http.ApiException;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code {"events": [...]}} in one streaming pass: each item is validated where it stands, and the exact
 * text of each valid one is cut out of the body to be stored as that event's journal body. Only when that pass stops
 * inside an item (a duplicate key, too deep a nesting) does a second, lenient pass read each item on its own.
 */
final class BatchReader {

    /**
     * One input: a valid event with its text, or the error it is rejected with (with what could be read of it, and
     * its producer id if readable).
     */
    record Item(EventParser.Result parsed, Buffer text, ApiException error, String producerId) {}

    record Batch(List<Item> items) {}

    /** {@code lenient}: the second pass, which parses each item on its own. */
    private record Limits(int maxEvents, long maxEventBytes, boolean lenient) {}

    /**
     * Finds the items of a batch whose strict pass stopped inside one: duplicate keys are let through here (each item
     * is then parsed strictly on its own), nesting may go deeper than an event may (up to 100,000 levels, where the
     * strict pass stops at 1,000), and numbers and names may be as long as the body (the strict pass stops at 1,000
     * digits and 50,000 characters, limits that keep a number's conversion cheap; this pass only skips them). One long
     * number in one item made the whole batch a 400 (review).
     */
    private static final JsonFactory LENIENT = JsonFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(100_000)
                    .maxNumberLength(Integer.MAX_VALUE)
                    .maxNameLength(Integer.MAX_VALUE)
                    .build())
            .build();

    private BatchReader() {}

    static Batch read(byte[] body, int maxEvents, long maxEventBytes) throws EventParser.MalformedJson {
        int start = JsonText.start(body, 0, body.length);
        try (JsonParser p = EventParser.parser(body, start, body.length - start)) {
            return read(p, body, start, new Limits(maxEvents, maxEventBytes, false));
        } catch (IOException e) {
            // A duplicate key or too deep a nesting is where the strict parser stops, but it may belong to one item:
            // a lenient pass finds the items and rejects only that one. If it fails too, the body is not JSON.
            try (JsonParser lenient = LENIENT.createParser(body, start, body.length - start)) {
                return read(lenient, body, start, new Limits(maxEvents, maxEventBytes, true));
            } catch (IOException alsoLenient) {
                // the lenient pass names what breaks the body as a whole (a trailing comma, not a duplicate key in an
                // item before it), unless it met its own nesting limit
                throw new EventParser.MalformedJson(
                        JsonText.describe(alsoLenient instanceof StreamConstraintsException ? e : alsoLenient));
            }
        }
    }

    private static Batch read(JsonParser p, byte[] body, int start, Limits limits)
            throws IOException, EventParser.MalformedJson {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw shape();
        }
        List<Item> items = null;
        List<String> unknown = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (name.equals("events") && items != null) {
                throw new EventParser.MalformedJson("Duplicate field 'events'"); // the lenient pass gets here
            } else if (name.equals("events") && value == JsonToken.START_ARRAY) {
                items = items(p, body, start, limits);
            } else if (name.equals("events")) {
                throw shape();
            } else {
                unknown.add(name);
                p.skipChildren();
            }
        }
        if (p.nextToken() != null) {
            throw new EventParser.MalformedJson("unexpected content after the JSON value");
        }
        if (items == null) {
            throw shape();
        }
        if (!unknown.isEmpty()) {
            throw batchInvalid(new Violation(unknown.get(0), "is not a known field; allowed: events"));
        }
        return new Batch(items);
    }

    /**
     * The items of the array; {@code start} is where the parser's input begins in {@code body} (after a byte order
     * mark): the parser counts its byte offsets from there, the cut-out texts must count from the body's start.
     */
    private static List<Item> items(JsonParser p, byte[] body, int start, Limits limits) throws IOException {
        List<Item> items = new ArrayList<>();
        int count = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (++count > limits.maxEvents()) {
                p.skipChildren();
                continue;
            }
            if (t != JsonToken.START_OBJECT) {
                p.skipChildren();
                items.add(new Item(null, null, EventHandlers.invalid(EventParser.notAnObject()), null));
                continue;
            }
            int from = start + (int) p.currentTokenLocation().getByteOffset();
            items.add(limits.lenient() ? alone(p, body, from, start, limits) : inStream(p, body, from, start, limits));
        }
        if (count > limits.maxEvents()) {
            throw batchInvalid(
                    new Violation("events", "must hold at most " + limits.maxEvents() + " events, got " + count));
        }
        return items;
    }

    private static Item inStream(JsonParser p, byte[] body, int from, int start, Limits limits) throws IOException {
        EventParser.Result parsed = EventParser.read(p);
        int to = start + (int) p.currentLocation().getByteOffset();
        return item(parsed, body, from, to, limits.maxEventBytes());
    }

    /** The lenient pass: the item's text is skipped, then parsed strictly on its own. */
    private static Item alone(JsonParser p, byte[] body, int from, int start, Limits limits) throws IOException {
        p.skipChildren();
        int to = start + (int) p.currentLocation().getByteOffset();
        if (to - from > limits.maxEventBytes()) {
            return new Item(
                    null,
                    null,
                    IngestGuards.tooLarge(limits.maxEventBytes(), "This event"),
                    readableId(body, from, to));
        }
        try {
            return item(EventParser.parse(body, from, to - from), body, from, to, limits.maxEventBytes());
        } catch (EventParser.MalformedJson e) {
            return new Item(
                    null,
                    null,
                    ApiException.badRequest(
                            "malformed_json", "This event is not valid JSON: " + e.getMessage() + " (in this event)"),
                    readableId(body, from, to));
        }
    }

    /** The item's top-level {@code id} when it is a string of a valid length, so its result can name it; else null. */
    private static String readableId(byte[] body, int from, int to) {
        try (JsonParser p = LENIENT.createParser(body, from, to - from)) {
            p.nextToken();
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                boolean id = p.currentName().equals("id");
                if (p.nextToken() == JsonToken.VALUE_STRING && id) {
                    String text = p.getText();
                    return text.isEmpty() || text.length() > EventParser.MAX_ID_LENGTH ? null : text;
                }
                p.skipChildren();
            }
        } catch (IOException unreadable) {
            // the item is malformed already; its result then has no id
        }
        return null;
    }

    /** Too large comes first, as a single call is refused for its size before it is read. */
    private static Item item(EventParser.Result parsed, byte[] body, int from, int to, long maxEventBytes) {
        if (to - from > maxEventBytes) {
            return new Item(parsed, null, IngestGuards.tooLarge(maxEventBytes, "This event"), parsed.producerId());
        }
        if (!parsed.valid()) {
            return new Item(parsed, null, EventHandlers.invalid(parsed), parsed.producerId());
        }
        return new Item(parsed, EventHandlers.slice(body, from, to), null, parsed.producerId());
    }

    /** The batch itself breaks a rule (it said "The event is invalid", though no event was at fault). */
    private static ApiException batchInvalid(Violation violation) {
        return ApiException.invalid(
                "The batch is invalid: " + violation.field() + " " + violation.message() + ".", List.of(violation));
    }

    private static ApiException shape() {
        return ApiException.badRequest("malformed_request", "The body must be a JSON object {\"events\": [...]}.");
    }
}
