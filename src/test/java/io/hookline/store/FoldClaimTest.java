package io.hookline.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Await;
import io.hookline.testing.MigratedDatabase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A reaction whose write is under way when its fold's window closes (a code review): it joined the window by the time
 * its transaction began, the claimer took the fold without it (not yet committed), and it went out as a second POST of
 * one. Now the claimer leaves a fold whose writer holds its lock to the next pass, and a writer joins a window only if
 * it is still open when the write runs.
 */
class FoldClaimTest {

    private static final int WINDOW_MS = 300;

    private final Vertx vertx = Vertx.vertx();
    private final MigratedDatabase db = MigratedDatabase.create(vertx);
    private final UUID webhook = UUID.randomUUID();

    @AfterEach
    void close() {
        db.close();
        Await.result(vertx.close());
    }

    private static Tuple reaction(UUID webhook, long seq) {
        return Tuple.of(
                new UUID[] {webhook}, new String[] {"msg-1"}, new Long[] {seq}, new String[] {"ws"}, new Integer[] {
                    WINDOW_MS
                });
    }

    private RowSet<Row> claim() {
        return Await.result(ReactionFolds.claim(db.pool(), UUID.randomUUID(), 60, 500));
    }

    private OffsetDateTime dueAt(long seq) {
        return Await.result(db.pool()
                        .preparedQuery("SELECT due_at FROM reaction_folds WHERE event_seq = $1")
                        .execute(Tuple.of(seq)))
                .iterator()
                .next()
                .getOffsetDateTime("due_at");
    }

    @Test
    void aReactionBeingAddedWhenTheWindowClosesIsClaimedWithItsFold() throws Exception {
        Await.result(db.pool().withTransaction(c -> ReactionFolds.add(c, reaction(webhook, 1))));
        SqlConnection writer = Await.result(db.pool().getConnection());
        Transaction tx = Await.result(writer.begin());
        Await.result(ReactionFolds.add(writer, reaction(webhook, 2))); // joins: the window is still open
        Thread.sleep(2L * WINDOW_MS);

        assertThat(claim().size())
                .as("the fold, while a reaction is being added to it")
                .isZero();
        Await.result(tx.commit());
        Await.result(writer.close());

        RowSet<Row> claimed = claim();
        assertThat(claimed.size()).isEqualTo(1);
        Row fold = claimed.iterator().next();
        assertThat(fold.getLong("last_seq")).isEqualTo(2L);
        assertThat(fold.getInteger("folded")).isEqualTo(2);
    }

    @Test
    void aWriteThatBeganBeforeTheWindowClosedButAddsAfterItOpensAWindowOfItsOwn() throws Exception {
        Await.result(db.pool().withTransaction(c -> ReactionFolds.add(c, reaction(webhook, 1))));
        SqlConnection writer = Await.result(db.pool().getConnection());
        Transaction tx = Await.result(writer.begin());
        Await.result(writer.query("SELECT now()").execute()); // the transaction's time is taken here
        Thread.sleep(2L * WINDOW_MS);

        Await.result(ReactionFolds.add(writer, reaction(webhook, 2)));
        Await.result(tx.commit());
        Await.result(writer.close());

        assertThat(dueAt(2)).as("the later reaction's window").isAfter(dueAt(1));
        RowSet<Row> first = claim();
        assertThat(first.size()).isEqualTo(1);
        assertThat(first.iterator().next().getInteger("folded")).isEqualTo(1);
    }
}
