package io.hookline.fanout;

import io.hookline.event.AcceptedEvent;
import io.hookline.event.EventParser;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.LinkedHashMap;
import java.util.Map;

/** Rebuilds an {@link AcceptedEvent} from its journal row (re-drive after overflow or crash, save-and-test). */
public final class StoredEvents {

  /** The columns {@link #fromRow} reads. */
  public static final String COLUMNS = "seq, id, body, reactions, received_at";

  private StoredEvents() {
  }

  /**
   * The event as fan-out sees it, with the reaction aggregate fixed at commit; null if the stored body no longer
   * passes validation. {@code types} is empty when the rules skip the event.
   */
  public static AcceptedEvent fromRow(Row row) {
    EventParser.Result parsed = EventParser.parse(new JsonObject(row.getString("body")));
    if (!parsed.valid()) {
      return null;
    }
    return new AcceptedEvent(row.getLong("seq"), row.getString("id"), parsed.event(),
        EventRules.decide(parsed.event()).types(), reactions(row.getString("reactions")),
        row.getOffsetDateTime("received_at"));
  }

  static Map<String, String> reactions(String json) {
    Map<String, String> result = new LinkedHashMap<>();
    if (json != null) {
      new JsonObject(json).forEach(e -> result.put(e.getKey(), String.valueOf(e.getValue())));
    }
    return result;
  }
}
