package io.hookline.admin;

import io.hookline.http.JsonAnswers;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.List;
import java.util.function.Function;

/**
 * Sends a page of rows as a JSON array, a few rows at a time, each read only when the client took the ones before.
 * A log entry holds the request body (up to 1 MiB) and the answer kept (64 KiB), so a page of 1000 built in memory at
 * once could be over a gigabyte, and one download ran the instance out of heap (review); an audit entry holds the
 * webhook before and after a change (up to 64 KiB each, with a large filter), so one page of 1000 was over 100 MB
 * (review). Memory now stays at a few rows per answer, whatever the page size.
 */
final class RowStream {

    private final HttpServerResponse response;
    private final List<Long> ids;
    private final int perRead;
    private final Function<List<Long>, Future<RowSet<Row>>> read;
    private final Function<Row, JsonObject> toJson;
    private final String end;
    private boolean first = true;

    private RowStream(
            HttpServerResponse response,
            List<Long> ids,
            int perRead,
            Function<List<Long>, Future<RowSet<Row>>> read,
            Function<Row, JsonObject> toJson,
            String end) {
        this.response = response;
        this.ids = ids;
        this.perRead = perRead;
        this.read = read;
        this.toJson = toJson;
        this.end = end;
    }

    /**
     * Starts the answer (its status and headers already set, but the length, which is not known yet) with
     * {@code start}, then the rows of {@code ids} in that order, {@code perRead} ids per {@code read}, then {@code
     * end}; {@code start} opens the array and {@code end} closes it.
     */
    static void send(
            HttpServerResponse response,
            String start,
            List<Long> ids,
            int perRead,
            Function<List<Long>, Future<RowSet<Row>>> read,
            Function<Row, JsonObject> toJson,
            String end) {
        if (response.closed()) {
            return;
        }
        response.setChunked(true).write(start);
        new RowStream(response, ids, perRead, read, toJson, end).from(0);
    }

    private void from(int index) {
        if (response.closed()) {
            return; // the client went away: nothing more is read for it
        }
        if (index >= ids.size()) {
            response.end(end);
            return;
        }
        int to = Math.min(ids.size(), index + perRead);
        read.apply(ids.subList(index, to))
                .onSuccess(rows -> {
                    if (response.closed()) {
                        return; // it went away while these were read
                    }
                    response.write(encoded(rows));
                    if (response.writeQueueFull()) {
                        response.drainHandler(v -> from(to));
                    } else {
                        from(to);
                    }
                })
                // the status went out already: a cut answer (no closing bracket) rather than one that looks complete
                .onFailure(err -> response.reset());
    }

    private Buffer encoded(Iterable<Row> rows) {
        Buffer out = Buffer.buffer();
        for (Row row : rows) {
            if (!first) {
                out.appendString(",");
            }
            first = false;
            out.appendBuffer(JsonAnswers.encode(toJson.apply(row)));
        }
        return out;
    }
}
