package io.hookline.delivery;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lanes of one event loop, one per webhook it delivers to, created on a webhook's first delivery. Lanes of
 * deleted webhooks are dropped once empty.
 */
public final class Lanes {

    private final LaneSettings settings;
    private final Map<UUID, Lane> lanes = new ConcurrentHashMap<>();

    Lanes(LaneSettings settings) {
        this.settings = settings;
    }

    /** Confined to this event loop. */
    public void offer(Delivery delivery) {
        UUID id = delivery.webhook().id();
        Lane lane = lanes.get(id);
        if (lane == null) {
            lanes.keySet()
                    .removeIf(other -> settings.subscriptions().get(other) == null
                            && lanes.get(other).idle());
            lane = new Lane(id, settings);
            lanes.put(id, lane);
        }
        lane.offer(delivery);
    }

    /** Deliveries the webhook's lane here could take before deferring; any thread. */
    public int room(UUID webhookId) {
        Lane lane = lanes.get(webhookId);
        return lane == null ? settings.capacity() : lane.room();
    }

    /** Requests on the wire from this event loop. */
    public int inFlight() {
        return lanes.values().stream().mapToInt(Lane::inFlight).sum();
    }

    /** Shutdown: queued deliveries stay pending in PostgreSQL. */
    public void close() {
        new HashMap<>(lanes).values().forEach(Lane::close);
    }
}
