package io.hookline.testing;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Base for tests against a running Hookline: one fresh database and one Hookline per test class, real receivers
 * on loopback. Tests isolate themselves by using their own workspace.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
public abstract class IntegrationTest {

    protected TestDatabase db;
    protected Hookline hookline;
    protected Vertx receiverVertx;
    private final List<AutoCloseable> closeables = new CopyOnWriteArrayList<>();

    /** Settings on top of the test defaults (ports 0, known tokens, private targets allowed). */
    protected JsonObject settings() {
        return new JsonObject();
    }

    @BeforeAll
    void startHookline() {
        db = TestDatabase.create();
        receiverVertx = Vertx.vertx();
        hookline = Hookline.start(db.url(), settings());
    }

    @AfterAll
    void stopHookline() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        if (hookline != null) {
            hookline.close();
        }
        if (receiverVertx != null) {
            Await.result(receiverVertx.close());
        }
        if (db != null) {
            db.close();
        }
    }

    protected Receiver receiver() {
        Receiver receiver = Receiver.start(receiverVertx);
        closeables.add(receiver);
        return receiver;
    }

    protected <T extends AutoCloseable> T closeLater(T closeable) {
        closeables.add(closeable);
        return closeable;
    }

    protected String newWorkspace() {
        return hookline.workspace("ws-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /**
     * An event's recorded skip reason, as a column of {@code events}: the rules' reason is kept in the journal row,
     * the one fan-out finds out later (no webhook wants it, filtered out, webhook disabled) in {@code event_skips}.
     */
    protected static final String SKIP_REASON =
            "coalesce(events.skip_reason, (SELECT s.reason FROM event_skips s WHERE s.seq = events.seq))";

    /** Rows of a query on the test database, as column → value maps. */
    protected List<Map<String, Object>> rows(String sql, Object... params) {
        try (Connection conn = db.connect();
                PreparedStatement st = conn.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                List<Map<String, Object>> result = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int c = 1; c <= meta.getColumnCount(); c++) {
                        row.put(meta.getColumnLabel(c), rs.getObject(c));
                    }
                    result.add(row);
                }
                return result;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    protected long count(String sql, Object... params) {
        return ((Number) rows(sql, params).get(0).values().iterator().next()).longValue();
    }

    /** Polls until {@code sql} counts at least {@code expected} rows. */
    protected void awaitCount(long expected, String sql, Object... params) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        long last = -1;
        while (System.nanoTime() < deadline) {
            last = count(sql, params);
            if (last >= expected) {
                return;
            }
            Receiver.sleep(20);
        }
        throw new AssertionError("expected " + expected + " from [" + sql + "], last saw " + last);
    }
}
