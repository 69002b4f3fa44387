package io.hookline.fold;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The folds this instance has handed to a lane and not finished yet, shared by its slots. Each slot claims due folds
 * on its own, so a fold whose claim ran out while its POST was on the wire could be claimed again by another slot of
 * the same instance, which did not know it was in flight and sent it a second time (a flaky test showed it).
 *
 * <p>Thread-safe.
 */
public final class FoldsInFlight {

    private record Fold(UUID webhookId, long lastSeq) {}

    private final Set<Fold> folds = ConcurrentHashMap.newKeySet();

    /** True if the fold was not in flight yet, and is now. */
    boolean start(UUID webhookId, long lastSeq) {
        return folds.add(new Fold(webhookId, lastSeq));
    }

    void end(UUID webhookId, long lastSeq) {
        folds.remove(new Fold(webhookId, lastSeq));
    }

    void forEach(BiConsumer<UUID, Long> action) {
        folds.forEach(f -> action.accept(f.webhookId(), f.lastSeq()));
    }
}
