package io.hookline.delivery;

import io.vertx.core.Context;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;

/**
 * Requests in flight per receiver host (scheme, host and port) on one event loop, from all webhooks together. The
 * loop's HTTP client keeps a pool per host; without this count, the requests of several busy webhooks on one host
 * waited in that pool, and the wait counted against the delivery timeout, so a receiver that answered in time could
 * be recorded as a timeout (and pushed toward auto-disable). Now a request is only handed to the client when the pool
 * has room for it: the rest wait in their lanes, outside any deadline.
 *
 * <p>While lanes wait for a host, a lane holding less than an even share of it may still take a free permit at once;
 * the others go, one per turn, to the waiting lane with the fewest requests in flight (the one waiting longest among
 * equals). A webhook whose receiver answers fast thus keeps getting connections back as fast as it returns them,
 * instead of one per answer of a slow webhook on the same host.
 *
 * <p>Confined to its event loop.
 */
final class HostPermits {

    private final Context context;
    private final int perHost;
    /** Only hosts with requests in flight or lanes waiting: an entry goes once both are gone. */
    private final Map<String, Host> hosts = new HashMap<>();

    HostPermits(Context context, int perHost) {
        this.context = context;
        this.perHost = perHost;
    }

    /**
     * The key a lane keeps for its target; host names compare without case, as DNS does. A URL that cannot be parsed
     * (stored by an older version) has no host: its requests fail before any connection, under one shared key.
     */
    static String key(WebhookTarget target) {
        String host = target.host() == null ? "" : target.host().toLowerCase(Locale.ROOT);
        return (target.ssl() ? "https://" : "http://") + host + ":" + target.port();
    }

    /**
     * One more request from {@code lane} to the host {@code key}, within the webhook's cap and the host's. When the
     * host refuses, the lane waits for its turn; the host is asked first because it is this loop's alone, while the
     * webhook's gate is shared with other loops, whose lanes must not be refused by a permit held here for nothing.
     */
    boolean tryAcquire(String key, Lane lane, WebhookGate gate, int maxInFlight) {
        Host host = hosts.get(key);
        if (host == null) { // not computeIfAbsent: its lambda captures this and would be allocated per request
            host = new Host();
            hosts.put(key, host);
        }
        if (host.inUse >= perHost || !host.mayTake(lane)) {
            host.waiting.add(lane);
            return false;
        }
        if (!gate.tryAcquire(maxInFlight)) {
            host.forgetIfIdle(key);
            return false;
        }
        host.inUse++;
        if (lane == host.turn) {
            host.turn = null; // one permit per turn while others wait
        }
        return true;
    }

    void release(String key) {
        Host host = hosts.get(key);
        host.inUse--;
        if (!host.waiting.isEmpty()) {
            host.scheduleDrain(key);
        } else {
            host.forgetIfIdle(key);
        }
    }

    private final class Host {
        private int inUse;
        private boolean drainScheduled;
        private final LinkedHashSet<Lane> waiting = new LinkedHashSet<>();
        /** The lane {@link #drain} is giving a permit to; while lanes wait, only it may take one. */
        private Lane turn;

        private void scheduleDrain(String key) {
            if (!drainScheduled) {
                drainScheduled = true;
                context.runOnContext(v -> drain(key));
            }
        }

        /**
         * Gives free permits to waiting lanes, fewest in flight first. A lane that takes one and has more to send
         * waits again; one that takes none (nothing left, or its webhook's own cap) drops out, so the loop ends.
         */
        private void drain(String key) {
            drainScheduled = false;
            try {
                while (inUse < perHost && !waiting.isEmpty()) {
                    turn = fewestInFlight();
                    waiting.remove(turn);
                    try {
                        turn.pump();
                    } finally {
                        turn = null;
                    }
                }
            } finally {
                if (inUse < perHost && !waiting.isEmpty()) {
                    scheduleDrain(key); // a pump that threw: the others still get their turn
                }
                forgetIfIdle(key);
            }
        }

        /**
         * With lanes waiting, a lane may take a free permit at its turn, or while it holds less than an even share of
         * the host among itself and the waiting lanes: a lane whose request just ended then sends its next one at
         * once, as it would without a limit, unless it already holds more than the others are waiting for.
         */
        private boolean mayTake(Lane lane) {
            if (waiting.isEmpty() || lane == turn) {
                return true;
            }
            int sharing = waiting.size() + (waiting.contains(lane) ? 0 : 1);
            return lane.inFlight() * sharing < perHost;
        }

        private Lane fewestInFlight() {
            Lane fewest = null;
            for (Lane lane : waiting) {
                if (fewest == null || lane.inFlight() < fewest.inFlight()) {
                    fewest = lane;
                }
            }
            return fewest;
        }

        private void forgetIfIdle(String key) {
            if (inUse == 0 && waiting.isEmpty() && !drainScheduled) {
                hosts.remove(key, this);
            }
        }
    }
}
