package io.hookline.event;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reactions on one message (docs/payloads.md): one emoji per known reactor, keyed by phone (else full name), plus
 * counts of reactions whose reactor is unknown. Plain, mutable, not thread-safe: the journal applies reactions
 * one at a time under a row lock, in arrival order.
 */
public final class ReactionState {

    private final LinkedHashMap<String, String> byReactor = new LinkedHashMap<>();
    private final LinkedHashMap<String, Long> anonymous = new LinkedHashMap<>();

    public static ReactionState fromJson(String json) {
        ReactionState state = new ReactionState();
        if (json == null || json.isEmpty()) {
            return state;
        }
        JsonObject obj = new JsonObject(json);
        obj.getJsonObject("r", new JsonObject()).forEach(e -> state.byReactor.put(e.getKey(), (String) e.getValue()));
        obj.getJsonObject("a", new JsonObject())
                .forEach(e -> state.anonymous.put(e.getKey(), ((Number) e.getValue()).longValue()));
        return state;
    }

    public String toJson() {
        return new JsonObject()
                .put("r", new JsonObject(new LinkedHashMap<>(byReactor)))
                .put("a", new JsonObject(new LinkedHashMap<>(anonymous)))
                .encode();
    }

    /** Applies one reaction: set replaces the reactor's emoji, clear removes it; unknown reactors adjust counts. */
    public void apply(ReactionData reaction) {
        String key = reactorKey(reaction.reactor());
        if (key != null) {
            if (reaction.isSet()) {
                byReactor.put(key, reaction.emoji());
            } else {
                byReactor.remove(key);
            }
            return;
        }
        if (reaction.isSet()) {
            anonymous.merge(reaction.emoji(), 1L, Long::sum);
        } else {
            clearAnonymous(reaction.emoji());
        }
    }

    /**
     * An unattributed clear removes one of that emoji: an unattributed one if there is any, otherwise the most
     * recent attributed one, so the total still drops by one as the producer reported.
     */
    private void clearAnonymous(String emoji) {
        Long count = anonymous.get(emoji);
        if (count != null) {
            if (count <= 1) {
                anonymous.remove(emoji);
            } else {
                anonymous.put(emoji, count - 1);
            }
            return;
        }
        String last = null;
        for (Map.Entry<String, String> entry : byReactor.entrySet()) {
            if (entry.getValue().equals(emoji)) {
                last = entry.getKey();
            }
        }
        if (last != null) {
            byReactor.remove(last);
        }
    }

    /** emoji → count as strings, zero counts omitted, most frequent first (ties in order of first appearance). */
    public Map<String, String> aggregate() {
        LinkedHashMap<String, Long> counts = new LinkedHashMap<>();
        byReactor.values().forEach(emoji -> counts.merge(emoji, 1L, Long::sum));
        anonymous.forEach((emoji, n) -> counts.merge(emoji, n, Long::sum));
        return asStrings(counts);
    }

    /** Renders any emoji → count map the same way (used for producer-given aggregates too). */
    public static Map<String, String> asStrings(Map<String, Long> counts) {
        List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
        entries.sort(Comparator.comparing((Map.Entry<String, Long> e) -> e.getValue())
                .reversed());
        LinkedHashMap<String, String> result = new LinkedHashMap<>();
        for (Map.Entry<String, Long> entry : entries) {
            if (entry.getValue() > 0) {
                result.put(entry.getKey(), Long.toString(entry.getValue()));
            }
        }
        return result;
    }

    static String reactorKey(Person reactor) {
        if (reactor == null) {
            return null;
        }
        if (reactor.phone() != null && !reactor.phone().isBlank()) {
            return "phone:" + reactor.phone();
        }
        if (reactor.fullName() != null && !reactor.fullName().isBlank()) {
            return "name:" + reactor.fullName();
        }
        return null;
    }
}
