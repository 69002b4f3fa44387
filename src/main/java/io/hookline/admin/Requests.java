package io.hookline.admin;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.hookline.event.EventParser;
import io.hookline.event.JsonText;
import io.hookline.event.Texts;
import io.hookline.event.Violation;
import io.hookline.http.ApiException;
import io.hookline.http.JsonBodies;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/** Reading management requests: access to the path's workspace, JSON bodies, ids and {@code limit}. */
final class Requests {

    private Requests() {}

    /**
     * The path's workspace id, if the caller may touch it. A workspace token asking about another workspace gets
     * a 403 that names nothing of it, before anything is looked up.
     */
    static String workspace(RoutingContext ctx) {
        String ws = ctx.pathParam("ws");
        if (!AdminAuth.principal(ctx).mayAccess(ws)) {
            throw ApiException.forbidden("This token is not valid for that workspace.");
        }
        if (!EventParser.WORKSPACE_ID.matcher(ws).matches()) {
            throw ApiException.notFound("Workspace ids are 1..64 characters of A-Z, a-z, 0-9, '_' and '-'.");
        }
        return ws;
    }

    static void requireAdmin(RoutingContext ctx) {
        if (!AdminAuth.principal(ctx).isAdmin()) {
            throw ApiException.forbidden("Only the admin token may do this.");
        }
    }

    /**
     * The path's event id. Producer ids are 1..128 characters without NUL, so anything else names no event; it is
     * answered as such here, before PostgreSQL (whose text cannot hold NUL) turns it into a 500.
     */
    static String eventId(RoutingContext ctx) {
        return eventId(ctx.pathParam("event_id"));
    }

    /** {@code id} if it can name an event (see {@link #eventId(RoutingContext)}), else the same 404. */
    static String eventId(String id) {
        if (id == null || id.isEmpty() || id.length() > EventParser.MAX_ID_LENGTH || Texts.unstorable(id) != null) {
            throw ApiException.notFound("No such event: event ids are 1..128 characters without NUL.");
        }
        return id;
    }

    static UUID uuid(RoutingContext ctx, String param, String what) {
        try {
            return UUID.fromString(ctx.pathParam(param));
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("No " + what + " " + ctx.pathParam(param) + " here.");
        }
    }

    /**
     * A JSON object body, or {@code {}} when none was sent (every field has a default, or the call takes none): a body
     * that is sent is checked as any other, so a mistaken one (another call's fields, text) is refused, not ignored.
     */
    static JsonObject optionalBody(RoutingContext ctx, Set<String> allowed) {
        if (ctx.body().buffer() == null || ctx.body().buffer().length() == 0) {
            return new JsonObject();
        }
        return body(ctx, allowed);
    }

    /** The JSON object body: 415 if not declared JSON, 400 if unreadable or not an object, 422 for unknown keys. */
    static JsonObject body(RoutingContext ctx, Set<String> allowed) {
        ApiException notJson = JsonBodies.problem(ctx.request());
        if (notJson != null) {
            throw notJson;
        }
        Buffer body = ctx.body().buffer();
        Object value;
        try {
            value = body == null ? null : Json.decodeValue(strictJson(body));
        } catch (DecodeException e) {
            throw ApiException.badRequest("malformed_json", "The body is not valid JSON.");
        }
        if (!(value instanceof JsonObject obj)) {
            throw ApiException.badRequest("malformed_request", "The body must be a JSON object.");
        }
        String known = "is not a known field; allowed: " + String.join(", ", new TreeSet<>(allowed));
        List<Violation> unknown = new TreeSet<>(obj.fieldNames())
                .stream()
                        .filter(f -> !allowed.contains(f))
                        .map(f -> new Violation(f, known))
                        .toList();
        if (!unknown.isEmpty()) {
            throw ApiException.invalid("The request has unknown fields.", unknown);
        }
        return obj;
    }

    /**
     * JSON as ingest reads it: no comments (Vert.x's decoder allows them) and no key given twice (the decoder keeps
     * the last one, and which of the two was meant is anyone's guess).
     */
    private static final JsonFactory STRICT = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    /**
     * The body, once it is known to be UTF-8 (the decoder would read overlong sequences as the characters they spell,
     * and a UTF-16 body by its byte order mark) and JSON as ingest reads it: a 400 saying what is wrong otherwise.
     */
    private static Buffer strictJson(Buffer body) {
        byte[] bytes = body.getBytes();
        String problem = JsonText.encodingProblem(bytes, 0, bytes.length);
        if (problem != null) {
            throw ApiException.badRequest("malformed_json", "The body must be JSON text in UTF-8: " + problem + ".");
        }
        try (JsonParser p = STRICT.createParser(bytes, 0, bytes.length)) {
            while (p.nextToken() != null) {
                // the strict parser throws at a comment, or at the second occurrence of a key
            }
        } catch (IOException e) {
            throw ApiException.badRequest(
                    "malformed_json", "The body is not valid JSON: " + JsonText.describe(e) + ".");
        }
        return body;
    }

    /** The rows of a result, for paging through them by index. */
    static List<Row> rows(RowSet<Row> rows) {
        List<Row> list = new ArrayList<>(rows.size());
        rows.forEach(list::add);
        return list;
    }

    /** {@code ?limit=}: default when absent, 422 outside 1..1000. */
    static int limit(RoutingContext ctx, int defaultLimit) {
        return wholeParam(ctx, "limit", defaultLimit, 1000);
    }

    /**
     * A query parameter given at most once (null when absent): a second value is refused rather than one of the two
     * silently ignored.
     */
    static String param(RoutingContext ctx, String name) {
        List<String> values = ctx.request().params().getAll(name);
        if (values.size() > 1) {
            throw ApiException.invalid(
                    name + " is given " + values.size() + " times; give it once.",
                    List.of(new Violation(name, "is given more than once")));
        }
        return values.isEmpty() ? null : values.get(0);
    }

    /**
     * {@code ?name=}: a whole number from 1 to {@code max} in ASCII digits ({@link Integer#parseInt} also reads other
     * scripts' digits, such as "١٠"), the default when absent, else 422.
     */
    static int wholeParam(RoutingContext ctx, String name, int defaultValue, int max) {
        String raw = param(ctx, name);
        if (raw == null) {
            return defaultValue;
        }
        if (raw.length() <= 9 && raw.chars().allMatch(c -> c >= '0' && c <= '9') && !raw.isEmpty()) {
            int value = Integer.parseInt(raw);
            if (value >= 1 && value <= max) {
                return value;
            }
        }
        throw ApiException.invalid(
                name + " must be a whole number from 1 to " + max + ".",
                List.of(new Violation(name, "must be a whole number from 1 to " + max + " (got '" + raw + "')")));
    }
}
