package io.hookline.store;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;

/**
 * The admin and ingest tokens Hookline generated because none was configured ({@code generated_tokens}), as SHA-256
 * hashes. The first start to store one wins; every other start, at the same time or later, reads the stored one.
 */
public final class GeneratedTokens {

    /** A stored token: its hash, when it was generated, and whether this call generated it. */
    public record Stored(byte[] hash, OffsetDateTime createdAt, boolean createdNow) {}

    private GeneratedTokens() {}

    /**
     * Stores {@code candidateHash} under {@code name} unless a token is stored there already, and returns what is stored.
     * Two statements on purpose: when a concurrent start inserts first, ON CONFLICT DO NOTHING waits for it to commit,
     * and only a new statement (a new snapshot) can then read its row.
     */
    public static Future<Stored> claim(SqlClient client, String name, byte[] candidateHash) {
        return client.preparedQuery("INSERT INTO generated_tokens (name, token_hash) VALUES ($1, $2) "
                        + "ON CONFLICT (name) DO NOTHING RETURNING token_hash, created_at")
                .execute(Tuple.of(name, Buffer.buffer(candidateHash)))
                .compose(inserted -> inserted.size() > 0
                        ? Future.succeededFuture(stored(inserted.iterator().next(), true))
                        : client.preparedQuery("SELECT token_hash, created_at FROM generated_tokens WHERE name = $1")
                                .execute(Tuple.of(name))
                                .map(rows -> stored(rows.iterator().next(), false)));
    }

    private static Stored stored(Row row, boolean createdNow) {
        return new Stored(row.getBuffer("token_hash").getBytes(), row.getOffsetDateTime("created_at"), createdNow);
    }
}
