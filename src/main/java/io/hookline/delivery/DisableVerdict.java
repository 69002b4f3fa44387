package io.hookline.delivery;

import java.util.UUID;

/**
 * What a webhook's lanes do once its failure run reached the disable threshold: wait until every outcome of the run is
 * stored, then ask the database whether the webhook was disabled (its gate retires and the lanes drop their queues)
 * or not (re-enabled meanwhile: the run goes on from the database's count). Apart from {@link Lane} because it runs
 * once per failure run, never per delivery.
 */
final class DisableVerdict {

    private static final long RETRY_MS = 1000;

    private DisableVerdict() {}

    /** The lane waits on the gate; the first lane to find the run settled asks, once. */
    static void await(Lane lane, WebhookGate gate, LaneSettings settings, UUID webhookId, String workspaceId) {
        gate.await(lane);
        if (!gate.settled() || !gate.startVerdict()) {
            return;
        }
        settings.webhooks().failureState(webhookId).onComplete(ar -> {
            gate.verdictDone();
            if (ar.failed()) {
                settings.context().owner().setTimer(RETRY_MS, id -> lane.wake()); // the database did not answer
            } else if (ar.result() == null || !ar.result().enabled()) {
                settings.gates().retire(webhookId);
                settings.subscriptions().reloadWorkspace(workspaceId).onComplete(x -> gate.wakeAll());
            } else {
                gate.run().verdict(ar.result().errorsCounter());
                gate.wakeAll();
            }
        });
    }
}
