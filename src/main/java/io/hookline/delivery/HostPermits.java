package io.hookline.delivery;

import io.vertx.core.Context;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;

/**
 * Requests in flight per receiver host (scheme, host and port) on one event loop, from all webhooks together. The
 * loop's HTTP client keeps a pool per host; without this count, the requests of several busy webhooks on one host
 * waited in that pool, and the wait counted against the delivery timeout, so a receiver that answered in time could
 * be recorded as a timeout (and pushed toward auto-disable). Now a request is only handed to the client when the pool
 * has room for it: the rest wait in their lanes, outside any deadline, and the lanes waiting for one host take turns
 * in the order they started waiting.
 *
 * <p>Confined to its event loop.
 */
final class HostPermits {

    private final Context context;
    private final int perHost;
    private final Map<String, Host> hosts = new HashMap<>();

    HostPermits(Context context, int perHost) {
        this.context = context;
        this.perHost = perHost;
    }

    /** One host's count; a lane keeps it with its target (entries are never removed: one per host ever used). */
    Host of(WebhookTarget target) {
        String key = (target.ssl() ? "https://" : "http://") + target.host() + ":" + target.port();
        return hosts.computeIfAbsent(key, k -> new Host());
    }

    final class Host {
        private int inUse;
        private boolean drainScheduled;
        private final LinkedHashSet<Lane> waiting = new LinkedHashSet<>();
        /** The lane whose turn {@link #drain()} is giving; while lanes wait, only it may take a permit. */
        private Lane turn;

        /**
         * One more request within the webhook's cap and this host's; when the host refuses, the lane is queued to be
         * pumped again once a permit frees up (the webhook's gate wakes it for its own cap). While lanes wait, a freed
         * permit goes to the one waiting longest, not to whichever lane asks first: a lane whose request just ended
         * asks again at once, and a slow webhook would otherwise keep every connection of its host.
         */
        boolean tryAcquire(Lane lane, WebhookGate gate, int maxInFlight) {
            if (!gate.tryAcquire(maxInFlight)) {
                return false;
            }
            if (inUse < perHost && (waiting.isEmpty() || lane == turn)) {
                inUse++;
                return true;
            }
            gate.release();
            waiting.add(lane);
            return false;
        }

        void release() {
            inUse--;
            scheduleDrain();
        }

        private void scheduleDrain() {
            if (!waiting.isEmpty() && !drainScheduled) {
                drainScheduled = true;
                context.runOnContext(v -> drain());
            }
        }

        /**
         * Pumps the waiting lanes, oldest first, while permits are free. A lane that still has work after its turn
         * queues itself again at the end; one that needs nothing more drops out, so a freed permit is never held back.
         */
        private void drain() {
            drainScheduled = false;
            int turns = waiting.size();
            Iterator<Lane> next = waiting.iterator();
            while (turns-- > 0 && inUse < perHost && next.hasNext()) {
                turn = next.next();
                next.remove();
                turn.pump();
                turn = null;
                next = waiting.iterator();
            }
            if (inUse < perHost) {
                scheduleDrain(); // lanes queued during this round while a permit is still free get their turn too
            }
        }
    }
}
