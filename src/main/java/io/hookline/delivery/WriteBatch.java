package io.hookline.delivery;

import io.hookline.event.SkipReason;
import io.hookline.progress.EventTicket;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What one transaction of an {@link AttemptWriter} stores: attempts (each with what to do once it is committed),
 * events to park in pending_events, parked events to complete, and events to mark skipped.
 */
final class WriteBatch {

    final List<AttemptRecord> attempts = new ArrayList<>();
    final List<Runnable> onStored = new ArrayList<>();
    final List<EventTicket> parks = new ArrayList<>();
    final List<EventTicket> completes = new ArrayList<>();
    final List<EventTicket> skips = new ArrayList<>();
    final List<SkipReason> skipReasons = new ArrayList<>();
    final List<Promise<Void>> barriers = new ArrayList<>();
    Runnable afterCommit;

    int size() {
        return attempts.size() + parks.size() + completes.size() + skips.size();
    }

    boolean isEmpty() {
        return size() == 0;
    }

    /** One part per attempt and one for the rest, so a row PostgreSQL refuses cannot hold up the others. */
    List<WriteBatch> split() {
        List<WriteBatch> parts = new ArrayList<>();
        for (int i = 0; i < attempts.size(); i++) {
            WriteBatch part = new WriteBatch();
            part.attempts.add(attempts.get(i));
            part.onStored.add(onStored.get(i));
            parts.add(part);
        }
        if (!parks.isEmpty() || !completes.isEmpty() || !skips.isEmpty()) {
            WriteBatch rest = new WriteBatch();
            rest.parks.addAll(parks);
            rest.completes.addAll(completes);
            rest.skips.addAll(skips);
            rest.skipReasons.addAll(skipReasons);
            parts.add(rest);
        }
        return parts;
    }

    String describe() {
        if (attempts.isEmpty()) {
            return "the bookkeeping of " + size() + " events";
        }
        AttemptRecord a = attempts.get(0);
        return "the attempt of webhook " + a.webhookId() + " for event "
                + a.payload().eventId();
    }

    Long[] seqs(List<EventTicket> tickets) {
        return tickets.stream().map(EventTicket::seq).toArray(Long[]::new);
    }

    UUID[][] owed(List<EventTicket> tickets) {
        return tickets.stream().map(EventTicket::owed).toArray(UUID[][]::new);
    }

    /** Parked events among those finished or skipped: their pending rows go. */
    Long[] parkedSeqsToComplete() {
        List<Long> seqs = new ArrayList<>();
        completes.forEach(t -> seqs.add(t.seq()));
        skips.stream().filter(EventTicket::parked).forEach(t -> seqs.add(t.seq()));
        return seqs.toArray(Long[]::new);
    }

    String[] reasons() {
        return skipReasons.stream().map(SkipReason::wire).toArray(String[]::new);
    }
}
