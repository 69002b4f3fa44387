package io.hookline.http;

import io.hookline.event.Violation;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** {@code {"error": {"code", "message", "details": [{"field", "message"}]}}}, on both listeners. */
public final class ErrorBody {

    private ErrorBody() {}

    public static JsonObject of(String code, String message, List<Violation> details) {
        JsonObject error = new JsonObject().put("code", code).put("message", message);
        if (details != null && !details.isEmpty()) {
            JsonArray list = new JsonArray();
            details.forEach(
                    v -> list.add(new JsonObject().put("field", v.field()).put("message", v.message())));
            error.put("details", list);
        }
        return new JsonObject().put("error", error);
    }

    public static JsonObject of(ApiException e) {
        return of(e.code(), e.getMessage(), e.details());
    }
}
