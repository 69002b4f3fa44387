package io.hookline.store;

import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which PostgreSQL backend each connection talks to, learnt once when it connects: its process id and start time
 * as the server knows them. The process id the connection's handshake announced is not enough to name it (review):
 * after a restart another backend may have the same one, and behind a pooler it is the pooler's own number. A write
 * whose connection broke is looked up only once its backend has ended ({@link LostAnswers#backendEnded}).
 */
public final class Backends {

    /** A connection's backend; {@code started} is null when it could not be learnt (then it cannot be waited for). */
    public record Backend(int pid, OffsetDateTime started) {}

    /** A write had a connection whose backend is not known. */
    public static final Backend UNKNOWN = new Backend(0, null);

    /** Sent with the connection's first SET: its result is the second of the simple query's results. */
    static final String IDENTIFY =
            "SELECT pg_backend_pid(), backend_start FROM pg_stat_activity WHERE pid = pg_backend_pid()";

    private static final int MAX_KNOWN = 4096;

    /** By the handshake's process id and secret key; the oldest go first, so closed connections do not pile up. */
    private static final Map<Long, Backend> KNOWN = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Backend> eldest) {
            return size() > MAX_KNOWN;
        }
    };

    private Backends() {}

    /** Notes what {@link #IDENTIFY} said about {@code conn}'s backend ({@code rows} is its result). */
    static void learn(SqlConnection conn, RowSet<Row> rows) {
        if (rows == null || rows.size() == 0) {
            return;
        }
        Row row = rows.iterator().next();
        Backend backend = new Backend(row.getInteger(0), row.getOffsetDateTime(1));
        synchronized (KNOWN) {
            KNOWN.put(key(conn), backend);
        }
    }

    /** The backend {@code conn} talks to, or {@link #UNKNOWN}. */
    public static Backend of(SqlConnection conn) {
        synchronized (KNOWN) {
            return KNOWN.getOrDefault(key(conn), UNKNOWN);
        }
    }

    private static long key(SqlConnection conn) {
        PgConnection pg = PgConnection.cast(conn);
        return ((long) pg.processId() << 32) | (pg.secretKey() & 0xffffffffL);
    }
}
