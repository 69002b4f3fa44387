package io.hookline.webhook;

import io.hookline.event.CallOutcomes;
import io.hookline.event.Chat;
import io.hookline.event.IngestEvent;
import io.hookline.event.Texts;
import io.hookline.event.Violation;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * A webhook's payload filter (docs/api.md, "Subscriptions"), compiled once per webhook version into plain arrays, so matching an
 * event allocates nothing. Every key given must match (AND); a key matches when the event's value is one of its
 * values (any of). A key that does not apply to the event's kind (e.g. {@code call_status} for a message, or a value
 * the event does not have) does not match. {@code call_status} compares the payload's status: Declined is Rejected.
 */
public final class SubscriptionFilter {

    /** No filter: every event matches. */
    public static final SubscriptionFilter NONE = new SubscriptionFilter(null, null, null, null, null, null, null);

    /** The documented keys, with the values the enumerated ones accept (null: any string / any integer). */
    static final Map<String, List<String>> KEYS = Map.of(
            "chat_type", List.of("direct", "group"),
            "platform", Chat.PLATFORMS,
            "chat_id", List.of(),
            "direction", List.of("sent", "received", "incoming", "outgoing"),
            "whatsapp_account_wid", List.of(),
            "call_status", CallOutcomes.STATUSES,
            "emoji", List.of());
    /** The keys in the documented order, for messages. */
    static final List<String> KEY_NAMES =
            List.of("chat_type", "platform", "chat_id", "direction", "whatsapp_account_wid", "call_status", "emoji");

    private final String[] chatTypes;
    private final String[] platforms;
    private final long[] chatIds;
    private final String[] directions;
    private final String[] wids;
    private final String[] callStatuses;
    private final String[] emojis;

    private SubscriptionFilter(
            String[] chatTypes,
            String[] platforms,
            long[] chatIds,
            String[] directions,
            String[] wids,
            String[] callStatuses,
            String[] emojis) {
        this.chatTypes = chatTypes;
        this.platforms = platforms;
        this.chatIds = chatIds;
        this.directions = directions;
        this.wids = wids;
        this.callStatuses = callStatuses;
        this.emojis = emojis;
    }

    /** True when the event passes every key of the filter. */
    public boolean matches(IngestEvent event) {
        if (this == NONE) {
            return true;
        }
        return anyOf(chatTypes, event.chat().chatType())
                && anyOf(platforms, event.chat().platform())
                && anyOf(chatIds, event.chat().chatId())
                && anyOf(directions, direction(event))
                && anyOf(wids, event.account().wid())
                && anyOf(
                        callStatuses,
                        event.call() == null
                                ? null
                                : CallOutcomes.payloadStatus(event.call().status()))
                && anyOf(
                        emojis,
                        event.reaction() == null ? null : event.reaction().emoji());
    }

    private static String direction(IngestEvent event) {
        return switch (event.kind()) {
            case MESSAGE -> event.message().direction();
            case CALL -> event.call().direction();
            case REACTION -> null;
        };
    }

    /** A key not given matches everything; a given key never matches an absent value. */
    private static boolean anyOf(String[] values, String actual) {
        if (values == null) {
            return true;
        }
        if (actual == null) {
            return false;
        }
        for (String value : values) {
            if (value.equals(actual)) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyOf(long[] values, long actual) {
        if (values == null) {
            return true;
        }
        for (long value : values) {
            if (value == actual) {
                return true;
            }
        }
        return false;
    }

    /** Compiles a stored filter (JSON text, already validated); null or {} is {@link #NONE}. */
    public static SubscriptionFilter compile(String json) {
        if (json == null) {
            return NONE;
        }
        JsonObject filter = new JsonObject(json);
        if (filter.isEmpty()) {
            return NONE;
        }
        String[] callStatuses = strings(filter, "call_status");
        if (callStatuses != null) {
            for (int i = 0; i < callStatuses.length; i++) {
                callStatuses[i] = CallOutcomes.payloadStatus(callStatuses[i]);
            }
        }
        Object ids = filter.getValue("chat_id");
        long[] chatIds = null;
        if (ids != null) {
            List<?> list = ids instanceof JsonArray array ? array.getList() : List.of(ids);
            chatIds = list.stream().mapToLong(v -> ((Number) v).longValue()).toArray();
        }
        return new SubscriptionFilter(
                strings(filter, "chat_type"),
                strings(filter, "platform"),
                chatIds,
                strings(filter, "direction"),
                strings(filter, "whatsapp_account_wid"),
                callStatuses,
                strings(filter, "emoji"));
    }

    private static String[] strings(JsonObject filter, String key) {
        Object value = filter.getValue(key);
        if (value == null) {
            return null;
        }
        List<?> list = value instanceof JsonArray array ? array.getList() : List.of(value);
        return list.stream().map(String.class::cast).toArray(String[]::new);
    }

    /**
     * Checks a filter as given in a request: null or {} removes it (returns null), else the JSON text to store.
     * Unknown keys, empty arrays, wrong types and values outside an enumerated key's set are each a violation.
     */
    public static String validate(Object given, List<Violation> problems) {
        if (given == null) {
            return null;
        }
        if (!(given instanceof JsonObject filter)) {
            problems.add(new Violation("filter", "must be an object (or null to remove the filter)"));
            return null;
        }
        int before = problems.size();
        for (String key : filter.fieldNames()) {
            if (!KEYS.containsKey(key)) {
                problems.add(new Violation(
                        "filter." + key, "is not a filter key; the keys are " + String.join(", ", KEY_NAMES)));
                continue;
            }
            Object value = filter.getValue(key);
            List<?> values =
                    value instanceof JsonArray array ? array.getList() : List.of(value == null ? new Object() : value);
            if (values.isEmpty()) {
                problems.add(new Violation("filter." + key, "must not be an empty array"));
                continue;
            }
            checkValues(key, values, problems);
        }
        return problems.size() > before || filter.isEmpty() ? null : filter.encode();
    }

    private static void checkValues(String key, List<?> values, List<Violation> problems) {
        boolean integers = "chat_id".equals(key);
        List<String> allowed = KEYS.get(key);
        for (Object v : values) {
            boolean typeOk = integers ? isInteger(v) : v instanceof String s && !s.isEmpty();
            if (!typeOk) {
                problems.add(new Violation(
                        "filter." + key,
                        integers
                                ? "must be an integer or a non-empty array of integers"
                                : "must be a non-empty string or a non-empty array of them"));
                return;
            }
            String unstorable = integers ? null : Texts.unstorable((String) v);
            if (unstorable != null) {
                // it would be stored as '?' (or not at all) and never match what was meant
                problems.add(new Violation("filter." + key, unstorable));
                return;
            }
            if (!allowed.isEmpty() && !allowed.contains(v)) {
                problems.add(new Violation(
                        "filter." + key, "must be one of " + String.join(", ", allowed) + " (got " + v + ")"));
                return;
            }
        }
    }

    /** JSON integers decode to Integer or Long (BigInteger beyond 64 bits, which no chat id is). */
    private static boolean isInteger(Object v) {
        return v instanceof Integer || v instanceof Long;
    }
}
