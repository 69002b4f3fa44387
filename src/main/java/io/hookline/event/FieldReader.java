package io.hookline.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed, path-aware reads of the current token of a streaming JSON parser, collecting every {@link Violation}
 * instead of stopping at the first, so one 422 names each bad field. Each read consumes the value it looks at
 * (skipping a whole object or array that has the wrong type).
 */
final class FieldReader {

    private final JsonParser p;
    private final List<Violation> violations = new ArrayList<>(2);
    private int count;
    /** The objects whose allowed names were given already; made at the first unknown field (most events have none). */
    private Set<String> listedAllowed;

    FieldReader(JsonParser parser) {
        this.p = parser;
    }

    JsonParser parser() {
        return p;
    }

    /** The first {@link Violation#LISTED} problems found. */
    List<Violation> violations() {
        return violations;
    }

    /** How many problems were found, listed or not. */
    int count() {
        return count;
    }

    void add(String field, String message) {
        count++;
        if (violations.size() < Violation.LISTED) {
            violations.add(new Violation(field, message));
        }
    }

    /** Takes over what a reader of a part of the same document found. */
    void addAll(FieldReader part) {
        part.violations.forEach(v -> add(v.field(), v.message()));
        count += part.count - part.violations.size();
    }

    static String path(String prefix, String key) {
        return prefix.isEmpty() ? key : prefix + "." + key;
    }

    /** The next field name of the object being read, or null at its end. */
    String nextField() throws IOException {
        JsonToken token = p.nextToken();
        if (token == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            return name;
        }
        return null;
    }

    /**
     * An unknown field is more often a typo than an intention: refused, with the list of known ones at the first
     * unknown field of each object (repeated at every one, a few bytes of keys got a hundred bytes of answer each).
     */
    void unknown(String prefix, String name, Set<String> allowed) throws IOException {
        if (violations.size() >= Violation.LISTED) {
            count++;
        } else if (firstUnknownIn(prefix)) {
            add(path(prefix, name), "is not a known field; allowed: " + String.join(", ", new TreeSet<>(allowed)));
        } else {
            add(path(prefix, name), "is not a known field");
        }
        p.skipChildren();
    }

    private boolean firstUnknownIn(String prefix) {
        if (listedAllowed == null) {
            listedAllowed = new HashSet<>(2);
        }
        return listedAllowed.add(prefix);
    }

    boolean isNull() {
        return p.currentToken() == JsonToken.VALUE_NULL;
    }

    /** True when the current value is an object to read field by field; null is "absent", anything else wrong. */
    boolean object(String field) throws IOException {
        if (p.currentToken() == JsonToken.START_OBJECT) {
            return true;
        }
        if (!isNull()) {
            add(field, "must be an object");
            p.skipChildren();
        }
        return false;
    }

    boolean array(String field) throws IOException {
        if (p.currentToken() == JsonToken.START_ARRAY) {
            return true;
        }
        if (!isNull()) {
            add(field, "must be an array");
            p.skipChildren();
        }
        return false;
    }

    void required(Object value, boolean seenAndNotNull, String field) {
        if (value == null && !seenAndNotNull) {
            add(field, "is required");
        }
    }

    String string(String field, boolean required, int maxLength) throws IOException {
        if (isNull()) {
            if (required) {
                add(field, "is required");
            }
            return null;
        }
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            add(field, "must be a string");
            p.skipChildren();
            return null;
        }
        String s = p.getText();
        if (required && s.isEmpty()) {
            add(field, "must not be empty");
            return null;
        }
        if (s.length() > maxLength) {
            add(field, "must be at most " + maxLength + " characters");
            return null;
        }
        String problem = storableProblem(s);
        if (problem != null) {
            add(field, problem);
            return null;
        }
        return s;
    }

    static String storableProblem(String s) {
        return Texts.unstorable(s);
    }

    String oneOf(String field, boolean required, List<String> allowed) throws IOException {
        String value = string(field, required, 64);
        if (value != null && !allowed.contains(value)) {
            add(field, "must be one of: " + String.join(", ", allowed) + " (got '" + value + "')");
            return null;
        }
        return value;
    }

    Boolean bool(String field) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
            return t == JsonToken.VALUE_TRUE;
        }
        if (t != JsonToken.VALUE_NULL) {
            add(field, "must be true or false");
            p.skipChildren();
        }
        return null;
    }

    /** A whole number; {@code 12.0} is refused too, because producers sending it probably mean something else. */
    Long integer(String field, boolean required, long min) throws IOException {
        if (isNull()) {
            if (required) {
                add(field, "is required");
            }
            return null;
        }
        Long number = wholeNumber();
        if (number == null && p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
            // whole, but beyond a long: say which end (calling it "not a whole number" sent producers looking for a
            // fraction)
            add(
                    field,
                    p.getBigIntegerValue().signum() > 0
                            ? "must be at most " + Long.MAX_VALUE
                            : "must be at least " + min);
            return null;
        }
        if (number == null) {
            add(field, "must be a whole number");
            p.skipChildren();
            return null;
        }
        if (number < min) {
            add(field, "must be at least " + min);
            return null;
        }
        return number;
    }

    /** The current token as a long, or null when it is not a whole number that fits one. */
    Long wholeNumber() throws IOException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            return null;
        }
        JsonParser.NumberType type = p.getNumberType();
        return type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG ? p.getLongValue() : null;
    }

    OffsetDateTime timestamp(String field) throws IOException {
        String value = string(field, true, 64);
        if (value == null) {
            return null;
        }
        OffsetDateTime time = Timestamps.parse(value);
        if (time == null) {
            add(field, Timestamps.RULE + " (got '" + value + "')");
        }
        return time;
    }
}
