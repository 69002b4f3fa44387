package io.hookline.http;

import io.hookline.event.Violation;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** {@code {"error": {"code", "message", "details": [{"field", "message"}]}}}, on both listeners. */
public final class ErrorBody {

    private ErrorBody() {}

    /** Lists at most {@link Violation#LISTED} details; the message then says how many there were. */
    public static JsonObject of(String code, String message, List<Violation> details) {
        int total = details == null ? 0 : details.size();
        JsonObject error = new JsonObject()
                .put("code", code)
                .put(
                        "message",
                        total > Violation.LISTED
                                ? message + " " + total + " problems were found; the first " + Violation.LISTED
                                        + " are listed."
                                : message);
        if (total > 0) {
            JsonArray list = new JsonArray();
            details.stream()
                    .limit(Violation.LISTED)
                    .forEach(v ->
                            list.add(new JsonObject().put("field", v.field()).put("message", v.message())));
            error.put("details", list);
        }
        return new JsonObject().put("error", error);
    }

    public static JsonObject of(ApiException e) {
        return of(e.code(), e.getMessage(), e.details());
    }
}
