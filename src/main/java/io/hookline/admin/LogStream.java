package io.hookline.admin;

import io.hookline.http.JsonAnswers;
import io.hookline.store.AttemptLog;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.List;
import java.util.UUID;

/**
 * Sends a log page as a JSON array, a few entries at a time, each read only when the client took the ones before:
 * an entry holds the request body (up to 1 MiB) and the answer kept (64 KiB), so a page of 1000 built in memory at
 * once could be over a gigabyte, and one download ran the instance out of heap (review). Memory now stays at a few
 * entries per download, whatever the page size.
 */
final class LogStream {

    /** Entries read per query: a handful of megabytes at worst. */
    private static final int ENTRIES_PER_READ = 8;

    private final HttpServerResponse response;
    private final Pool pool;
    private final UUID webhookId;
    private final List<Long> ids;
    private boolean first = true;

    private LogStream(HttpServerResponse response, Pool pool, UUID webhookId, List<Long> ids) {
        this.response = response;
        this.pool = pool;
        this.webhookId = webhookId;
        this.ids = ids;
    }

    /** Starts the answer (its status and headers already set, but the length, which is not known yet). */
    static void send(HttpServerResponse response, Pool pool, UUID webhookId, List<Long> ids) {
        if (response.closed()) {
            return;
        }
        response.setChunked(true).write("[");
        new LogStream(response, pool, webhookId, ids).from(0);
    }

    private void from(int index) {
        if (response.closed()) {
            return; // the client went away: nothing more is read for it
        }
        if (index >= ids.size()) {
            response.end("]");
            return;
        }
        int to = Math.min(ids.size(), index + ENTRIES_PER_READ);
        AttemptLog.logEntries(pool, webhookId, ids.subList(index, to))
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
            out.appendBuffer(JsonAnswers.encode(AttemptJson.logEntry(row)));
        }
        return out;
    }
}
