package io.hookline.admin;

import io.hookline.event.Violation;
import io.hookline.http.ApiException;
import io.hookline.store.Keyset;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Keyset pages of the management lists (docs/api.md): {@code ?limit=} and {@code ?cursor=} in, {@code {"data": [...],
 * "next_cursor": ...}} out. A cursor is opaque to clients: base64url of {@code <list>:<key>}, the key of the last row
 * of the page it follows. Naming the list (its kind and whose it is, see {@link #list}) lets a cursor of another list
 * be refused instead of silently misread.
 */
final class Pages {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private Pages() {}

    /**
     * The name a list's cursors carry: its kind and a short hash of whose it is (the path's workspace and webhook), so
     * that a cursor of webhook A's attempts, or of another workspace's webhooks, is refused on B's instead of paging it.
     */
    static String list(RoutingContext ctx, String kind) {
        String owner = ctx.pathParam("ws") + "/" + canonical(ctx.pathParam("id"));
        return kind + "." + Integer.toHexString(owner.hashCode());
    }

    /** A webhook id as one spelling: the path takes upper case and short forms of the same UUID too. */
    private static String canonical(String id) {
        try {
            return id == null ? null : UUID.fromString(id).toString();
        } catch (IllegalArgumentException notAUuid) {
            return id; // the route answers 404 for it anyway
        }
    }

    /** A list of one page takes no cursor: one given is another list's (422), not silently ignored. */
    static void onePage(RoutingContext ctx) {
        if (Requests.param(ctx, "cursor") != null) {
            throw invalid("is not a cursor of this list: it has one page, and next_cursor is always null");
        }
    }

    /** The page a request asks for: {@code limit} (1..1000, else 422) below its {@code cursor} (422 if malformed). */
    static Keyset request(RoutingContext ctx, String list, int defaultLimit) {
        int limit = Requests.limit(ctx, defaultLimit);
        String cursor = Requests.param(ctx, "cursor");
        return new Keyset(cursor == null ? Keyset.FIRST : key(cursor, list), limit);
    }

    /** The cursor of the page after the one ending with the row whose key is {@code key}. */
    static String cursor(String list, long key) {
        return ENCODER.encodeToString((list + ":" + key).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The page of {@code rows} (fetched with {@link Keyset#fetch()}, newest first): the first {@code limit} as JSON,
     * and a {@code next_cursor} when the extra row shows that more follow.
     */
    static <T> JsonObject body(
            Keyset page, String list, List<T> rows, ToLongFunction<T> key, Function<T, JsonObject> toJson) {
        JsonArray data = new JsonArray();
        int shown = Math.min(rows.size(), page.limit());
        for (int i = 0; i < shown; i++) {
            data.add(toJson.apply(rows.get(i)));
        }
        String next = rows.size() > page.limit() ? cursor(list, key.applyAsLong(rows.get(shown - 1))) : null;
        return new JsonObject().put("data", data).put("next_cursor", next);
    }

    /** The next page's cursor, or null: for answers whose body has no room for it (the log download). */
    static <T> String nextCursor(Keyset page, String list, List<T> rows, ToLongFunction<T> key) {
        return rows.size() > page.limit() ? cursor(list, key.applyAsLong(rows.get(page.limit() - 1))) : null;
    }

    private static long key(String cursor, String list) {
        String decoded;
        try {
            decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            throw invalid("is not a cursor: pass the next_cursor of the previous page unchanged");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0 || !decoded.substring(0, colon).equals(list)) {
            throw invalid("is not a cursor of this list: pass the next_cursor this list returned, unchanged");
        }
        String digits = decoded.substring(colon + 1);
        try {
            long key = Long.parseLong(digits);
            // as written by cursor(): no sign, no leading zeros, unpadded base64url (the decoder also takes '=')
            if (key > 0
                    && Long.toString(key).equals(digits)
                    && cursor(list, key).equals(cursor)) {
                return key;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the error
        }
        throw invalid("is not a cursor: pass the next_cursor of the previous page unchanged");
    }

    private static ApiException invalid(String problem) {
        return ApiException.invalid("The cursor " + problem + ".", List.of(new Violation("cursor", problem)));
    }
}
