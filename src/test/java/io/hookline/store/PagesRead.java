package io.hookline.store;

import io.vertx.core.json.JsonArray;
import java.sql.ResultSet;
import java.sql.Statement;

/** How many pages a statement reads, by PostgreSQL's own count: for tests that pin a query's cost on big tables. */
final class PagesRead {

    private PagesRead() {}

    /** Shared buffers (hit or read) the statement touched, from {@code EXPLAIN (ANALYZE, BUFFERS)}. */
    static long of(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql)) {
            rs.next();
            var plan = new JsonArray(rs.getString(1)).getJsonObject(0).getJsonObject("Plan");
            return plan.getLong("Shared Hit Blocks") + plan.getLong("Shared Read Blocks");
        }
    }
}
