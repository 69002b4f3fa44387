package io.hookline.admin;

import io.hookline.event.PayloadFormat;
import io.hookline.event.Violation;
import io.hookline.event.WebhookEventType;
import io.hookline.http.ApiException;
import io.hookline.target.UrlPolicy;
import io.hookline.webhook.WebhookStore.Definition;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** Validates the body of a webhook create or update into a {@link Definition}. */
final class WebhookRequest {

  static final Set<String> FIELDS = Set.of("url", "event_type", "enabled", "format");

  private WebhookRequest() {
  }

  /** A create: {@code url} and {@code event_type} required; {@code enabled} true and {@code format} v2 by default. */
  static Definition forCreate(JsonObject body) {
    List<Violation> problems = new ArrayList<>();
    String url = url(body, problems, true);
    String type = eventType(body, problems, true);
    String format = format(body, problems, "v2");
    Boolean enabled = enabled(body, problems);
    checkFormatFits(type, format, problems);
    if (!problems.isEmpty()) {
      throw invalid("The webhook is invalid", problems);
    }
    return new Definition(url, type, format, enabled == null || enabled, false);
  }

  /** A PATCH applies the given fields over the current row; the combination is checked as a whole. */
  static Definition forUpdate(JsonObject body, Row current) {
    List<Violation> problems = new ArrayList<>();
    String url = body.containsKey("url") ? url(body, problems, true) : current.getString("url");
    String type = body.containsKey("event_type") ? eventType(body, problems, true) : current.getString("event_type");
    String format = body.containsKey("format") ? format(body, problems, null) : current.getString("format");
    Boolean enabled = body.containsKey("enabled") ? enabled(body, problems) : current.getBoolean("enabled");
    checkFormatFits(type, format, problems);
    if (!problems.isEmpty()) {
      throw invalid("The change is invalid", problems);
    }
    return new Definition(url, type, format, Boolean.TRUE.equals(enabled),
        Boolean.TRUE.equals(body.getValue("enabled")));
  }

  static void validatePatchShape(JsonObject body) {
    List<Violation> problems = new ArrayList<>();
    if (body.containsKey("url")) {
      url(body, problems, true);
    }
    if (body.containsKey("event_type")) {
      eventType(body, problems, true);
    }
    if (body.containsKey("format")) {
      format(body, problems, null);
    }
    if (body.containsKey("enabled") && !(body.getValue("enabled") instanceof Boolean)) {
      problems.add(new Violation("enabled", "must be true or false"));
    }
    if (!problems.isEmpty()) {
      throw invalid("The change is invalid", problems);
    }
  }

  /** The message names every broken rule, so a client showing only the message still says what to fix. */
  static ApiException invalid(String what, List<Violation> problems) {
    return ApiException.invalid(what + ": " + String.join("; ", problems.stream()
        .map(v -> v.message().startsWith(v.field()) ? v.message() : v.field() + " " + v.message()).toList()) + ".",
        problems);
  }

  private static String url(JsonObject body, List<Violation> problems, boolean required) {
    Object value = body.getValue("url");
    if (!(value instanceof String url)) {
      if (required || value != null) {
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

  private static String eventType(JsonObject body, List<Violation> problems, boolean required) {
    Object value = body.getValue("event_type");
    if (value instanceof String s && WebhookEventType.fromWire(s).isPresent()) {
      return s;
    }
    if (required || value != null) {
      problems.add(new Violation("event_type", "must be one of: " + String.join(", ",
          Arrays.stream(WebhookEventType.values()).map(WebhookEventType::wire).toList())
          + (value == null ? "" : " (got " + value + ")")));
    }
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

  private static void checkFormatFits(String type, String format, List<Violation> problems) {
    if ("legacy".equals(format) && type != null && !WebhookEventType.fromWire(type).orElseThrow().isMessageType()) {
      problems.add(new Violation("format", "legacy is only available for message:new, message:sent:new and "
          + "message:received:new; " + type + " uses v2"));
    }
  }
}
