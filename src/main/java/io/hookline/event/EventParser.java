package io.hookline.event;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns one producer event (CONTRACT §3) into an {@link IngestEvent}, or into the list of everything wrong with
 * it. Unknown fields, unknown enum values, wrong JSON types and impossible call direction/status pairs are all
 * violations.
 */
public final class EventParser {

  public static final int MAX_ID_LENGTH = 128;
  private static final Pattern WORKSPACE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final int SHORT = 1024;
  private static final int LONG = 65536;
  private static final int UID = 256;

  private static final Set<String> TOP = Set.of("id", "workspace_id", "type", "chat", "whatsapp_account",
      "message", "call", "reaction");
  private static final Set<String> CHAT = Set.of("chat_id", "full_name", "chat_url", "chat_type", "platform",
      "phone", "responsible_name", "responsible_email");
  private static final Set<String> ACCOUNT = Set.of("whatsapp_account_wid", "full_name", "email", "phone");
  private static final Set<String> PERSON = Set.of("full_name", "phone");
  private static final Set<String> MESSAGE = Set.of("message_uid", "direction", "origin", "timestamp", "text",
      "sender", "recipient", "reply_to_uid", "attachments");
  private static final Set<String> ATTACHMENT = Set.of("download_url", "filename", "size", "mimetype");
  private static final Set<String> CALL = Set.of("message_uid", "direction", "status", "scheduled", "is_video",
      "duration", "timestamp", "caller", "recipient");
  private static final Set<String> REACTION = Set.of("message_uid", "action", "emoji", "reactor", "timestamp",
      "reactions");

  /** The outcome: either {@code event} or a non-empty {@code violations}; {@code producerId} when readable. */
  public record Result(IngestEvent event, List<Violation> violations, String producerId) {
    public boolean valid() {
      return event != null;
    }
  }

  private EventParser() {
  }

  public static Result parse(Object input) {
    if (!(input instanceof JsonObject obj)) {
      return new Result(null, List.of(new Violation("", "an event must be a JSON object")), null);
    }
    JsonFields f = new JsonFields();
    f.noUnknownFields(obj, "", TOP);
    String producerId = f.string(obj, "", "id", false, MAX_ID_LENGTH);
    if (producerId != null && producerId.isEmpty()) {
      f.add("id", "must not be empty when given");
      producerId = null;
    }
    String workspaceId = f.string(obj, "", "workspace_id", true, 64);
    if (workspaceId != null && !WORKSPACE_ID.matcher(workspaceId).matches()) {
      f.add("workspace_id", "must be 1..64 characters of A-Z, a-z, 0-9, '_' and '-'");
    }
    String type = f.oneOf(obj, "", "type", true, List.of("message", "call", "reaction"));
    EventKind kind = EventKind.fromWire(type);
    Chat chat = chat(f, f.object(obj, "", "chat", true));
    JsonObject accountJson = f.object(obj, "", "whatsapp_account", false);
    Account account = accountJson == null ? Account.UNKNOWN : account(f, accountJson);

    MessageData message = null;
    CallData call = null;
    ReactionData reaction = null;
    for (EventKind other : EventKind.values()) {
      if (other != kind && obj.containsKey(other.wire())) {
        f.add(other.wire(), kind == null ? "is not expected without a valid type"
            : "must not be present when type is '" + kind.wire() + "'");
      }
    }
    if (kind != null) {
      JsonObject body = f.object(obj, "", kind.wire(), true);
      if (body != null) {
        switch (kind) {
          case MESSAGE -> message = message(f, body);
          case CALL -> call = call(f, body);
          case REACTION -> reaction = reaction(f, body);
        }
      }
    }
    if (!f.violations().isEmpty()) {
      return new Result(null, List.copyOf(f.violations()), producerId);
    }
    return new Result(new IngestEvent(producerId, workspaceId, kind, chat, account, message, call, reaction, obj),
        List.of(), producerId);
  }

  private static Chat chat(JsonFields f, JsonObject c) {
    if (c == null) {
      return null;
    }
    f.noUnknownFields(c, "chat", CHAT);
    Long chatId = f.integer(c, "chat", "chat_id", true, Long.MIN_VALUE);
    String chatType = f.oneOf(c, "chat", "chat_type", true, List.of("direct", "group"));
    String platform = f.oneOf(c, "chat", "platform", false, List.of("whatsapp", "waba"));
    return new Chat(chatId == null ? 0 : chatId, f.string(c, "chat", "full_name", false, SHORT),
        f.string(c, "chat", "chat_url", false, LONG), chatType, platform == null ? "whatsapp" : platform,
        f.string(c, "chat", "phone", false, SHORT), f.string(c, "chat", "responsible_name", false, SHORT),
        f.string(c, "chat", "responsible_email", false, SHORT));
  }

  private static Account account(JsonFields f, JsonObject a) {
    f.noUnknownFields(a, "whatsapp_account", ACCOUNT);
    return new Account(f.string(a, "whatsapp_account", "whatsapp_account_wid", false, SHORT),
        f.string(a, "whatsapp_account", "full_name", false, SHORT),
        f.string(a, "whatsapp_account", "email", false, SHORT),
        f.string(a, "whatsapp_account", "phone", false, SHORT));
  }

  private static Person person(JsonFields f, JsonObject parent, String prefix, String key) {
    JsonObject p = f.object(parent, prefix, key, false);
    if (p == null) {
      return null;
    }
    String path = JsonFields.path(prefix, key);
    f.noUnknownFields(p, path, PERSON);
    return new Person(f.string(p, path, "full_name", false, SHORT), f.string(p, path, "phone", false, SHORT));
  }

  private static MessageData message(JsonFields f, JsonObject m) {
    f.noUnknownFields(m, "message", MESSAGE);
    String uid = f.string(m, "message", "message_uid", true, UID);
    String direction = f.oneOf(m, "message", "direction", true, List.of("sent", "received"));
    OffsetDateTime timestamp = f.timestamp(m, "message", "timestamp");
    return new MessageData(uid, direction, f.string(m, "message", "origin", false, SHORT), timestamp,
        f.string(m, "message", "text", false, Integer.MAX_VALUE), person(f, m, "message", "sender"),
        person(f, m, "message", "recipient"), f.string(m, "message", "reply_to_uid", false, UID),
        attachments(f, f.array(m, "message", "attachments")));
  }

  private static List<Attachment> attachments(JsonFields f, JsonArray array) {
    if (array == null) {
      return List.of();
    }
    List<Attachment> result = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      String path = "message.attachments[" + i + "]";
      if (!(array.getValue(i) instanceof JsonObject a)) {
        f.add(path, "must be an object");
        continue;
      }
      f.noUnknownFields(a, path, ATTACHMENT);
      result.add(new Attachment(f.string(a, path, "download_url", false, LONG),
          f.string(a, path, "filename", false, SHORT), f.integer(a, path, "size", false, 0),
          f.string(a, path, "mimetype", false, SHORT)));
    }
    return result;
  }

  private static CallData call(JsonFields f, JsonObject c) {
    f.noUnknownFields(c, "call", CALL);
    String uid = f.string(c, "call", "message_uid", true, UID);
    String direction = f.oneOf(c, "call", "direction", true, List.of("incoming", "outgoing"));
    String status = f.oneOf(c, "call", "status", true, CallOutcomes.STATUSES);
    if (direction != null && status != null && !CallOutcomes.isValidPair(direction, status)) {
      f.add("call.status", "'" + status + "' is not possible for an " + direction + " call; allowed: "
          + String.join(", ", CallOutcomes.statusesFor(direction)));
    }
    Boolean scheduled = f.bool(c, "call", "scheduled");
    Boolean video = f.bool(c, "call", "is_video");
    Long duration = f.integer(c, "call", "duration", false, 0);
    OffsetDateTime timestamp = f.timestamp(c, "call", "timestamp");
    return new CallData(uid, direction, status, Boolean.TRUE.equals(scheduled), Boolean.TRUE.equals(video),
        duration, timestamp, person(f, c, "call", "caller"), person(f, c, "call", "recipient"));
  }

  private static ReactionData reaction(JsonFields f, JsonObject r) {
    f.noUnknownFields(r, "reaction", REACTION);
    String uid = f.string(r, "reaction", "message_uid", true, UID);
    String action = f.oneOf(r, "reaction", "action", true, List.of("set", "clear"));
    String emoji = f.string(r, "reaction", "emoji", true, 64);
    Person reactor = person(f, r, "reaction", "reactor");
    OffsetDateTime timestamp = f.timestamp(r, "reaction", "timestamp");
    return new ReactionData(uid, action, emoji, reactor, timestamp, givenReactions(f, r));
  }

  /** The producer's aggregate: emoji → non-negative whole count (a numeric string such as "2" is accepted). */
  private static Map<String, Long> givenReactions(JsonFields f, JsonObject r) {
    JsonObject given = f.object(r, "reaction", "reactions", false);
    if (given == null) {
      return null;
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : given) {
      Object value = entry.getValue();
      Long count = value instanceof String s && s.matches("\\d{1,18}") ? Long.valueOf(s) : JsonFields.asLong(value);
      if (count == null || count < 0) {
        f.add("reaction.reactions." + entry.getKey(), "must be a whole number of at least 0");
      } else {
        counts.put(entry.getKey(), count);
      }
    }
    return counts;
  }
}
