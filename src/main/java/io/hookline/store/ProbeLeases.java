package io.hookline.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowIterator;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * Which instance may send to a webhook whose receiver is not known to be healthy ({@code probe_leases}, see
 * migration V14): one at a time, so the instances' requests together stay within what the disable threshold allows.
 */
public final class ProbeLeases {

    /**
     * Takes or renews hold $4 when the lease is free, already that hold, lapsed, from an earlier enabled period, or held
     * by an instance that is no longer running (stopped, or taken over), and only while the webhook is enabled. Yields
     * the webhook's {@code errors_counter} read with it.
     */
    private static final String TAKE = """
      WITH w AS (SELECT id, enabled_since, errors_counter FROM webhooks WHERE id = $1 AND enabled),
      taken AS (
        INSERT INTO probe_leases AS l (webhook_id, holder, token, period, until)
        SELECT id, $2, $4, enabled_since, clock_timestamp() + make_interval(secs => $3) FROM w
        ON CONFLICT (webhook_id) DO UPDATE
          SET holder = excluded.holder, token = excluded.token, period = excluded.period, until = excluded.until
        WHERE l.token = excluded.token OR l.until < clock_timestamp() OR l.period <> excluded.period
           OR NOT EXISTS (SELECT 1 FROM instances i WHERE i.id = l.holder AND i.stopped_at IS NULL)
        RETURNING webhook_id)
      SELECT w.errors_counter FROM w JOIN taken ON taken.webhook_id = w.id""";

    private static final String GIVE_BACK = "DELETE FROM probe_leases WHERE webhook_id = $1 AND token = $2";

    private final Pool pool;
    private final UUID holder;

    public ProbeLeases(Pool pool, UUID holder) {
        this.pool = pool;
        this.holder = holder;
    }

    /**
     * The webhook's failure count if hold {@code token} of this instance now has the lease for {@code seconds}; null if
     * it does not.
     */
    public Future<Integer> take(UUID webhookId, UUID token, double seconds) {
        return pool.preparedQuery(TAKE)
                .execute(Tuple.of(webhookId, holder, seconds, token))
                .map(rows -> {
                    RowIterator<Row> it = rows.iterator();
                    return it.hasNext() ? it.next().getInteger(0) : null;
                });
    }

    public Future<Void> giveBack(UUID webhookId, UUID token) {
        return pool.preparedQuery(GIVE_BACK).execute(Tuple.of(webhookId, token)).mapEmpty();
    }
}
