package io.hookline.event;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed, path-aware reads from a JSON object that collect every {@link Violation} instead of stopping at the
 * first, so one 422 can name each bad field.
 */
final class JsonFields {

  private final List<Violation> violations = new ArrayList<>();

  List<Violation> violations() {
    return violations;
  }

  void add(String field, String message) {
    violations.add(new Violation(field, message));
  }

  static String path(String prefix, String key) {
    return prefix.isEmpty() ? key : prefix + "." + key;
  }

  /** Refuses keys outside {@code allowed}: an unknown field is more often a typo than an intention. */
  void noUnknownFields(JsonObject obj, String prefix, Set<String> allowed) {
    for (String key : new TreeSet<>(obj.fieldNames())) {
      if (!allowed.contains(key)) {
        add(path(prefix, key), "is not a known field; allowed: " + String.join(", ", new TreeSet<>(allowed)));
      }
    }
  }

  JsonObject object(JsonObject obj, String prefix, String key, boolean required) {
    Object value = obj.getValue(key);
    if (value == null) {
      if (required) {
        add(path(prefix, key), "is required");
      }
      return null;
    }
    if (value instanceof JsonObject o) {
      return o;
    }
    add(path(prefix, key), "must be an object");
    return null;
  }

  JsonArray array(JsonObject obj, String prefix, String key) {
    Object value = obj.getValue(key);
    if (value == null) {
      return null;
    }
    if (value instanceof JsonArray a) {
      return a;
    }
    add(path(prefix, key), "must be an array");
    return null;
  }

  String string(JsonObject obj, String prefix, String key, boolean required, int maxLength) {
    Object value = obj.getValue(key);
    String field = path(prefix, key);
    if (value == null) {
      if (required) {
        add(field, "is required");
      }
      return null;
    }
    if (!(value instanceof String s)) {
      add(field, "must be a string");
      return null;
    }
    if (required && s.isEmpty()) {
      add(field, "must not be empty");
      return null;
    }
    if (s.length() > maxLength) {
      add(field, "must be at most " + maxLength + " characters");
      return null;
    }
    if (s.indexOf('\u0000') >= 0) {
      // PostgreSQL text cannot hold NUL; refusing here keeps one bad event from failing a whole group commit.
      add(field, "must not contain NUL (\\u0000) characters");
      return null;
    }
    return s;
  }

  String oneOf(JsonObject obj, String prefix, String key, boolean required, List<String> allowed) {
    String value = string(obj, prefix, key, required, 64);
    if (value != null && !allowed.contains(value)) {
      add(path(prefix, key), "must be one of: " + String.join(", ", allowed) + " (got '" + value + "')");
      return null;
    }
    return value;
  }

  Boolean bool(JsonObject obj, String prefix, String key) {
    Object value = obj.getValue(key);
    if (value == null) {
      return null;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    add(path(prefix, key), "must be true or false");
    return null;
  }

  /** A whole number; {@code 12.0} is refused too, because producers sending it probably mean something else. */
  Long integer(JsonObject obj, String prefix, String key, boolean required, long min) {
    Object value = obj.getValue(key);
    String field = path(prefix, key);
    if (value == null) {
      if (required) {
        add(field, "is required");
      }
      return null;
    }
    Long number = asLong(value);
    if (number == null) {
      add(field, "must be a whole number");
      return null;
    }
    if (number < min) {
      add(field, "must be at least " + min);
      return null;
    }
    return number;
  }

  static Long asLong(Object value) {
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof BigInteger big && big.bitLength() < 64) {
      return big.longValue();
    }
    if (value instanceof BigDecimal dec) {
      try {
        return dec.longValueExact();
      } catch (ArithmeticException e) {
        return null;
      }
    }
    return null;
  }

  OffsetDateTime timestamp(JsonObject obj, String prefix, String key) {
    String value = string(obj, prefix, key, true, 64);
    if (value == null) {
      return null;
    }
    OffsetDateTime time = Timestamps.parse(value);
    if (time == null) {
      add(path(prefix, key), Timestamps.RULE + " (got '" + value + "')");
    }
    return time;
  }
}
