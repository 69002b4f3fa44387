package io.hookline.admin;

import io.hookline.event.PayloadFormat;
import io.hookline.event.Violation;
import io.hookline.event.WebhookEventType;
import io.hookline.http.ApiException;
import io.hookline.target.UrlPolicy;
import io.hookline.webhook.SubscriptionFilter;
import io.hookline.webhook.WebhookStore.Definition;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** Validates the body of a webhook create or update into a {@link Definition}. */
final class WebhookRequest {

    static final Set<String> FIELDS =
            Set.of("url", "event_type", "event_types", "enabled", "format", "filter", "reaction_window_ms");
    static final int MAX_WINDOW_MS = 60_000;

    private WebhookRequest() {}

    /**
     * A create: {@code url} and exactly one of {@code event_type} / {@code event_types} required; {@code enabled} true,
     * {@code format} v2, no filter and {@code reaction_window_ms} 0 by default.
     */
    static Definition forCreate(JsonObject body) {
        List<Violation> problems = new ArrayList<>();
        String url = url(body, problems, true);
        List<String> types = types(body, problems);
        String format = format(body, problems, "v2");
        Boolean enabled = enabled(body, problems);
        String filter = SubscriptionFilter.validate(body.getValue("filter"), problems);
        Integer window = window(body, problems, 0);
        checkFits(types, format, window, problems);
        if (!problems.isEmpty()) {
            throw invalid("The webhook is invalid", problems);
        }
        return new Definition(url, types, format, enabled == null || enabled, false, filter, window);
    }

    /** A PATCH applies the given fields over the current row; the combination is checked as a whole. */
    static Definition forUpdate(JsonObject body, Row current) {
        List<Violation> problems = new ArrayList<>();
        String url = body.containsKey("url") ? url(body, problems, true) : current.getString("url");
        List<String> types =
                givesTypes(body) ? types(body, problems) : List.of(current.getArrayOfStrings("event_types"));
        String format = body.containsKey("format") ? format(body, problems, null) : current.getString("format");
        Boolean enabled = body.containsKey("enabled") ? enabled(body, problems) : current.getBoolean("enabled");
        String filter = body.containsKey("filter")
                ? SubscriptionFilter.validate(body.getValue("filter"), problems)
                : current.getString("filter");
        Integer window = body.containsKey("reaction_window_ms")
                ? window(body, problems, 0)
                : current.getInteger("reaction_window_ms");
        checkFits(types, format, window, problems);
        if (!problems.isEmpty()) {
            throw invalid("The change is invalid", problems);
        }
        return new Definition(
                url,
                types,
                format,
                Boolean.TRUE.equals(enabled),
                Boolean.TRUE.equals(body.getValue("enabled")),
                filter,
                window);
    }

    static void validatePatchShape(JsonObject body) {
        List<Violation> problems = new ArrayList<>();
        if (body.containsKey("url")) {
            url(body, problems, true);
        }
        if (givesTypes(body)) {
            types(body, problems);
        }
        if (body.containsKey("format")) {
            format(body, problems, null);
        }
        if (body.containsKey("enabled") && !(body.getValue("enabled") instanceof Boolean)) {
            problems.add(new Violation("enabled", "must be true or false"));
        }
        if (body.containsKey("filter")) {
            SubscriptionFilter.validate(body.getValue("filter"), problems);
        }
        if (body.containsKey("reaction_window_ms")) {
            window(body, problems, 0);
        }
        if (!problems.isEmpty()) {
            throw invalid("The change is invalid", problems);
        }
    }

    /** Broken rules named in the message; more are counted there and listed in {@code details}. */
    private static final int NAMED = 5;

    /**
     * The message names the broken rules (the first {@value #NAMED}), so a client showing only the message still says
     * what to fix, while a request with thousands of them gets an answer of a few KB.
     */
    static ApiException invalid(String what, List<Violation> problems) {
        String named = String.join(
                "; ",
                problems.stream()
                        .limit(NAMED)
                        .map(v -> v.message().startsWith(v.field()) ? v.message() : v.field() + " " + v.message())
                        .toList());
        // over the listed details, ErrorBody says how many there were; below, the count is said here
        String more = problems.size() > NAMED && problems.size() <= Violation.LISTED
                ? "; and " + (problems.size() - NAMED) + " more"
                : "";
        return ApiException.invalid(what + ": " + named + more + ".", problems);
    }

    private static String url(JsonObject body, List<Violation> problems, boolean required) {
        Object value = body.getValue("url");
        if (!(value instanceof String url)) {
            if (value != null) {
                problems.add(new Violation("url", "must be a string: an absolute http(s) URL"));
            } else if (required) {
                problems.add(new Violation("url", "is required: an absolute http(s) URL"));
            }
            return null;
        }
        String problem = UrlPolicy.syntaxProblem(url);
        if (problem != null) {
            problems.add(new Violation("url", problem));
            return null;
        }
        return url;
    }

    private static boolean givesTypes(JsonObject body) {
        return body.containsKey("event_type") || body.containsKey("event_types");
    }

    /** Exactly one of {@code event_type} (one type) and {@code event_types} (1..7 distinct types), as a list. */
    private static List<String> types(JsonObject body, List<Violation> problems) {
        Object single = body.getValue("event_type");
        Object several = body.getValue("event_types");
        if (single != null && several != null) {
            problems.add(new Violation("event_types", "cannot be given together with event_type; give one of them"));
            return null;
        }
        if (several != null) {
            return typeList(several, problems);
        }
        if (single instanceof String s && WebhookEventType.fromWire(s).isPresent()) {
            return List.of(s);
        }
        problems.add(new Violation(
                "event_type",
                (single == null ? "(or event_types) is required; " : "") + "must be one of: " + knownTypes()
                        + (single == null ? "" : " (got " + single + ")")));
        return null;
    }

    private static List<String> typeList(Object value, List<Violation> problems) {
        if (!(value instanceof JsonArray array) || array.isEmpty() || array.size() > WebhookEventType.values().length) {
            problems.add(new Violation(
                    "event_types",
                    "must be an array of 1 to " + WebhookEventType.values().length + " distinct event types"));
            return null;
        }
        List<String> types = new ArrayList<>();
        for (Object item : array) {
            if (!(item instanceof String s) || WebhookEventType.fromWire(s).isEmpty()) {
                problems.add(
                        new Violation("event_types", "must contain only: " + knownTypes() + " (got " + item + ")"));
                return null;
            }
            if (types.contains(s)) {
                problems.add(new Violation("event_types", "must not repeat a type (" + s + " appears twice)"));
                return null;
            }
            types.add(s);
        }
        return types;
    }

    private static String knownTypes() {
        return String.join(
                ", ",
                Arrays.stream(WebhookEventType.values())
                        .map(WebhookEventType::wire)
                        .toList());
    }

    /** Null (on create and on a change alike) is the default: no folding. */
    private static Integer window(JsonObject body, List<Violation> problems, Integer defaultWindow) {
        Object value = body.getValue("reaction_window_ms");
        if (value == null && defaultWindow != null) {
            return defaultWindow;
        }
        if ((value instanceof Integer || value instanceof Long)
                && ((Number) value).longValue() >= 0
                && ((Number) value).longValue() <= MAX_WINDOW_MS) {
            return ((Number) value).intValue();
        }
        problems.add(new Violation(
                "reaction_window_ms",
                "must be an integer from 0 to " + MAX_WINDOW_MS + " (got " + Json.encode(value) + ")"));
        return null;
    }

    private static String format(JsonObject body, List<Violation> problems, String defaultFormat) {
        Object value = body.getValue("format");
        if (value == null && defaultFormat != null) {
            return defaultFormat;
        }
        if (value instanceof String s && PayloadFormat.fromWire(s).isPresent()) {
            return s;
        }
        problems.add(new Violation("format", "must be v2 or legacy" + (value == null ? "" : " (got " + value + ")")));
        return null;
    }

    private static Boolean enabled(JsonObject body, List<Violation> problems) {
        Object value = body.getValue("enabled");
        if (value == null || value instanceof Boolean) {
            return (Boolean) value;
        }
        problems.add(new Violation("enabled", "must be true or false"));
        return null;
    }

    private static void checkFits(List<String> types, String format, Integer window, List<Violation> problems) {
        if (types == null) {
            return;
        }
        if ("legacy".equals(format)) {
            for (String type : types) {
                if (!WebhookEventType.fromWire(type).orElseThrow().isMessageType()) {
                    problems.add(new Violation(
                            "format",
                            "legacy is only available when every event type is a message type "
                                    + "(message:new, message:sent:new, message:received:new); " + type + " uses v2"));
                    break;
                }
            }
        }
        if (window != null && window > 0 && !types.contains(WebhookEventType.MESSAGE_REACTION.wire())) {
            problems.add(new Violation(
                    "reaction_window_ms",
                    "folds reactions, so it needs message:reaction among the "
                            + "event types; set it to 0 or subscribe to message:reaction"));
        }
    }
}
