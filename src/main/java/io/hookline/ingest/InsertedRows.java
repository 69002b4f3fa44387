package io.hookline.ingest;

import io.hookline.store.Journal;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The slow way to match the rows a journal insert returned to its entries: by key, through a map. Only for when
 * RETURNING does not yield the rows in insertion order, as the one-pass match in {@link JournalBatch} expects; kept
 * apart so the batch class holds just the path every write takes.
 */
final class InsertedRows {

    private InsertedRows() {}

    /** The sequence number of each of {@code unique}, null for those left out as duplicates. */
    static Long[] seqsByKey(RowSet<Row> inserted, List<JournalEntry> unique) {
        Map<String, Long> byKey = new HashMap<>();
        for (Row row : inserted) {
            byKey.put(
                    JournalBatch.key(row.getString(Journal.WORKSPACE_ID), row.getString(Journal.ID)),
                    row.getLong(Journal.SEQ));
        }
        Long[] seqs = new Long[unique.size()];
        for (int i = 0; i < unique.size(); i++) {
            seqs[i] = byKey.get(unique.get(i).key());
        }
        return seqs;
    }
}
