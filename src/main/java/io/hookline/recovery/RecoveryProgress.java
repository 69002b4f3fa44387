package io.hookline.recovery;

import io.hookline.delivery.AttemptRecord;
import io.hookline.delivery.AttemptWriter;
import io.hookline.delivery.Trigger;
import io.hookline.store.RecoveryStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Counts recover attempts into their job ({@code sent}, {@code succeeded}, {@code failed}) in the transaction that
 * stores them, so the progress shown is exactly what is stored, also after a crash, and raises the job's highest
 * attempted event, after which the job resumes. An attempt counts into the job that made it, even when that job was
 * cancelled while the request was on its way and the webhook's next job is running by the time it is stored. Runs
 * before the failure policy, which may end the job as failed in the same transaction.
 */
public final class RecoveryProgress implements AttemptWriter.Listener {

    private final UUID instanceId;
    private final AttemptWriter.Listener next;

    /** {@code instanceId}: this instance; its attempts raise a job's highest attempted event only while it holds it. */
    public RecoveryProgress(UUID instanceId, AttemptWriter.Listener next) {
        this.instanceId = instanceId;
        this.next = next;
    }

    @Override
    public Future<Runnable> inTransaction(SqlConnection conn, List<AttemptRecord> attempts) {
        Map<UUID, long[]> counts = new TreeMap<>(); // sent, succeeded, highest event seq
        for (AttemptRecord attempt : attempts) {
            if (attempt.trigger() == Trigger.RECOVER && attempt.recovery() != null) {
                long[] c = counts.computeIfAbsent(attempt.recovery(), id -> new long[3]);
                c[0]++;
                c[1] += attempt.success() ? 1 : 0;
                c[2] = Math.max(c[2], attempt.payload().eventSeq());
            }
        }
        if (counts.isEmpty()) {
            return next.inTransaction(conn, attempts);
        }
        UUID[] ids = counts.keySet().toArray(UUID[]::new);
        Integer[] sent = counts.values().stream().map(c -> (int) c[0]).toArray(Integer[]::new);
        Integer[] succeeded = counts.values().stream().map(c -> (int) c[1]).toArray(Integer[]::new);
        Long[] highest = counts.values().stream().map(c -> c[2]).toArray(Long[]::new);
        return RecoveryStore.count(conn, instanceId, ids, sent, succeeded, highest)
                .compose(v -> next.inTransaction(conn, attempts));
    }
}
