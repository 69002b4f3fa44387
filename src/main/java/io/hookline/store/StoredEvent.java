package io.hookline.store;

import io.hookline.event.AcceptedEvent;
import io.hookline.event.EventParser;
import io.hookline.event.EventRules;
import io.hookline.event.JsonText;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads an event back from its journal row ({@link Journal#COLUMNS}) for re-drive, save-and-test, resend and the
 * log. A row that can no longer be read yields null: the caller sets it aside, it never blocks the others.
 */
public final class StoredEvent {

    /** The journal columns under names that cannot clash with those of a joined table ({@link #fromPrefixed}). */
    public static final String PREFIXED_COLUMNS = "e.seq AS e_seq, e.id AS e_id, e.body AS e_body, "
            + "e.reactions AS e_reactions, e.received_at AS e_received_at";

    private StoredEvent() {}

    /** The event as fan-out sees it, with the reaction aggregate fixed at commit; null if it cannot be read. */
    public static AcceptedEvent from(Row row) {
        return of(
                row.getLong("seq"),
                row.getString("id"),
                row.getBuffer("body"),
                row.getString("reactions"),
                row.getOffsetDateTime("received_at"));
    }

    /** The same from {@link #PREFIXED_COLUMNS}; null also when the row has no event (purged). */
    public static AcceptedEvent fromPrefixed(Row row) {
        return row.getBuffer("e_body") == null
                ? null
                : of(
                        row.getLong("e_seq"),
                        row.getString("e_id"),
                        row.getBuffer("e_body"),
                        row.getString("e_reactions"),
                        row.getOffsetDateTime("e_received_at"));
    }

    private static AcceptedEvent of(long seq, String id, Buffer text, String reactions, OffsetDateTime receivedAt) {
        try {
            byte[] body = text.getBytes();
            int start = JsonText.start(body, 0, body.length);
            EventParser.Result parsed = EventParser.parse(body, start, body.length - start);
            if (!parsed.valid()) {
                return null;
            }
            return new AcceptedEvent(
                    seq,
                    id,
                    parsed.event(),
                    EventRules.decide(parsed.event()).types(),
                    reactions(reactions),
                    receivedAt);
        } catch (EventParser.MalformedJson | RuntimeException e) {
            return null;
        }
    }

    static Map<String, String> reactions(String json) {
        Map<String, String> result = new LinkedHashMap<>();
        if (json != null) {
            new JsonObject(json).forEach(e -> result.put(e.getKey(), String.valueOf(e.getValue())));
        }
        return result;
    }
}
