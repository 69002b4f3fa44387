package io.hookline.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Await;
import io.hookline.testing.MigratedDatabase;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A reaction counts only when its message was synced: a message or a call with that uid in the same workspace, in the
 * journal or (once purged) in {@code synced_messages}. The lookup runs for reactions while the journal holds the whole
 * retention period, through the index on a hash of the pair (V12): it must answer right across workspaces and kinds, and
 * read a handful of pages however big the journal is, with the generic plan a prepared statement ends up using, also
 * when one workspace sent the same uid thousands of times (which must cost the other workspaces nothing).
 */
class SyncedLookupTest {

    private static final int MESSAGES = 20_000;
    /** Events about one message uid in one workspace (edits, retries under new ids, or a producer's bug). */
    private static final int REPEATS = 5_000;

    private final Vertx vertx = Vertx.vertx();
    private final MigratedDatabase db = MigratedDatabase.create(vertx);
    private Connection c;
    private Statement st;

    @BeforeEach
    void journal() throws Exception {
        c = db.db().connect();
        st = c.createStatement();
        st.execute(events("'ws'", "'message'", "'uid-' || i", MESSAGES));
        st.execute(events("'ws2'", "'reaction'", "'uid-5'", 1));
        st.execute(events("'ws2'", "'call'", "'call-7'", 1));
        st.execute(events("'busy'", "'message'", "'shared-uid'", REPEATS));
        st.execute("INSERT INTO synced_messages (workspace_id, message_uid) VALUES ('ws3', 'purged-1')");
        st.execute("ANALYZE events");
        st.execute("SET plan_cache_mode = force_generic_plan");
        st.execute("PREPARE synced(text, text) AS SELECT COALESCE(" + Journal.IS_SYNCED
                + ", false) FROM (SELECT $1::text AS workspace_id, $2::text AS message_uid) k");
    }

    @AfterEach
    void close() throws Exception {
        c.close();
        db.close();
        Await.result(vertx.close());
    }

    @Test
    void aMessageOrCallOfTheSameWorkspaceCountsAndNothingElseDoes() throws Exception {
        assertThat(synced("ws", "uid-123")).as("a message in the workspace").isTrue();
        assertThat(synced("ws", "uid-" + MESSAGES)).as("the newest message").isTrue();
        assertThat(synced("ws2", "call-7")).as("a call").isTrue();
        assertThat(synced("ws3", "purged-1")).as("a purged message").isTrue();
        assertThat(synced("ws2", "uid-123"))
                .as("a message of another workspace")
                .isFalse();
        assertThat(synced("ws2", "uid-5")).as("a uid seen only in a reaction").isFalse();
        assertThat(synced("ws", "call-7")).as("a call of another workspace").isFalse();
        assertThat(synced("ws", "never-seen")).as("an unknown uid").isFalse();
        assertThat(synced("busy", "shared-uid")).as("a uid sent many times").isTrue();
        assertThat(synced("ws", "shared-uid"))
                .as("a uid another workspace sent many times")
                .isFalse();
    }

    @Test
    void theLookupReadsAHandfulOfPagesWithTwentyThousandMessagesAndOneUidRepeatedInTheJournal() throws Exception {
        String[][] keys = {
            {"ws", "uid-123"}, {"ws2", "uid-123"}, {"ws", "never-seen"}, {"busy", "shared-uid"}, {"ws", "shared-uid"}
        };
        for (String[] key : keys) {
            assertThat(PagesRead.of(st, "EXECUTE synced('" + key[0] + "', '" + key[1] + "')"))
                    .as("pages read to look up %s/%s among %d messages", key[0], key[1], MESSAGES)
                    .isLessThan(12);
        }
    }

    private boolean synced(String workspace, String uid) throws Exception {
        try (ResultSet rs = st.executeQuery("EXECUTE synced('" + workspace + "', '" + uid + "')")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** {@code n} journal rows of one kind, in one statement. */
    private static String events(String workspace, String kind, String uid, int n) {
        return "INSERT INTO events (workspace_id, id, kind, fires, message_uid, body) SELECT " + workspace + ", "
                + kind + " || '-' || i, " + kind + ", NULL, " + uid + ", convert_to(repeat('x', 300), 'UTF8') "
                + "FROM generate_series(1, " + n + ") i";
    }
}
