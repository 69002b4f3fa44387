package io.hookline.webhook;

import io.hookline.event.IngestEvent;
import io.hookline.event.PayloadFormat;
import io.hookline.event.WebhookEventType;
import io.hookline.store.WebhookRows;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * In-memory copy of every webhook, by workspace and by id, shared by the verticles of one process. Fan-out reads
 * it for every event, so it is a lock-free map of immutable lists; writers replace a workspace's list whole.
 */
public final class Subscriptions {

    private final Pool pool;
    private final ConcurrentHashMap<String, List<WebhookRef>> byWorkspace = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<UUID, WebhookRef> byId = new ConcurrentHashMap<>();
    /** Reload generations, so a slow, older read never overwrites a newer one. */
    private final AtomicLong generations = new AtomicLong();

    private final Map<String, Long> appliedGeneration = new HashMap<>();
    /** Bumped by every change, so readers can keep what they looked up until it moves. */
    private volatile long version;

    private volatile boolean anyFolding;

    /** Told after every change has been applied, on the thread that applied it. */
    private final java.util.List<Runnable> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public Subscriptions(Pool pool) {
        this.pool = pool;
    }

    /**
     * Replaces the whole cache; used at start and after the change feed reconnects. Like a workspace's reload, it does
     * not overwrite a workspace that a reload started after it has already brought up to date.
     */
    public Future<Void> reloadAll() {
        long generation = generations.incrementAndGet();
        return WebhookRows.refs(pool).map(rows -> {
            Map<String, List<WebhookRef>> grouped = new HashMap<>();
            for (Row row : rows) {
                WebhookRef ref = fromRow(row);
                grouped.computeIfAbsent(ref.workspaceId(), k -> new ArrayList<>())
                        .add(ref);
            }
            replaceAll(grouped, generation);
            return null;
        });
    }

    /** Re-reads one workspace's webhooks, e.g. after a create, update, delete or auto-disable. */
    public Future<Void> reloadWorkspace(String workspaceId) {
        long generation = generations.incrementAndGet();
        return WebhookRows.refsOf(pool, workspaceId).map(rows -> {
            List<WebhookRef> list = new ArrayList<>();
            rows.forEach(row -> list.add(fromRow(row)));
            replace(workspaceId, list, generation);
            return null;
        });
    }

    synchronized void replaceAll(Map<String, List<WebhookRef>> grouped, long generation) {
        java.util.Set<String> workspaces = new java.util.HashSet<>(byWorkspace.keySet());
        workspaces.addAll(grouped.keySet());
        for (String workspaceId : workspaces) {
            apply(workspaceId, grouped.getOrDefault(workspaceId, List.of()), generation);
        }
        changed();
    }

    synchronized void replace(String workspaceId, List<WebhookRef> list, long generation) {
        if (apply(workspaceId, list, generation)) {
            changed();
        }
    }

    /*
     * Readers do not lock, so a webhook that still exists must never be missing, not even for an instant: a lane that
     * finds its webhook gone drops its queue. Hence new entries go in first and only vanished ones come out.
     */
    private boolean apply(String workspaceId, List<WebhookRef> list, long generation) {
        if (appliedGeneration.getOrDefault(workspaceId, 0L) > generation) {
            return false; // a reload that started later has already been applied: this one read older rows
        }
        appliedGeneration.put(workspaceId, generation);
        List<WebhookRef> old = byWorkspace.getOrDefault(workspaceId, List.of());
        list.forEach(ref -> byId.put(ref.id(), ref));
        if (list.isEmpty()) {
            byWorkspace.remove(workspaceId);
        } else {
            byWorkspace.put(workspaceId, List.copyOf(list));
        }
        java.util.Set<UUID> kept = new java.util.HashSet<>();
        list.forEach(ref -> kept.add(ref.id()));
        old.stream().map(WebhookRef::id).filter(id -> !kept.contains(id)).forEach(byId::remove);
        return true;
    }

    private void changed() {
        anyFolding = byId.values().stream().anyMatch(ref -> ref.reactionWindowMs() > 0);
        version++;
        listeners.forEach(Runnable::run);
    }

    /** Runs {@code listener} after every change to the cache (quick work only: writers wait for it). */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    /** Changes whenever any webhook changed; equal versions mean nothing was reloaded in between. */
    public long version() {
        return version;
    }

    /** Enabled webhooks of the workspace subscribed to one of {@code types}, whatever their filters say. */
    public List<WebhookRef> matching(String workspaceId, List<WebhookEventType> types) {
        return targets(workspaceId, types, null);
    }

    /**
     * The webhooks an event goes to: enabled, subscribed to one of the types it fires, and (when {@code event} is not
     * null) passed by their filter. Allocates only the result, and nothing when there is none.
     */
    public List<WebhookRef> targets(String workspaceId, List<WebhookEventType> types, IngestEvent event) {
        return targetsAmong(byWorkspace.get(workspaceId), types, event);
    }

    /** As {@link #targets}, among {@code all} (a workspace's webhooks as {@link #all} gave them, or null). */
    public static List<WebhookRef> targetsAmong(List<WebhookRef> all, List<WebhookEventType> types, IngestEvent event) {
        if (all == null) {
            return List.of();
        }
        List<WebhookRef> result = null;
        for (int i = 0; i < all.size(); i++) {
            WebhookRef ref = all.get(i);
            if (ref.enabled()
                    && ref.subscribesToAny(types)
                    && (event == null || ref.filter().matches(event))) {
                if (result == null) {
                    result = new ArrayList<>(all.size());
                }
                result.add(ref);
            }
        }
        return result == null ? List.of() : result;
    }

    public boolean hasSubscriber(String workspaceId, List<WebhookEventType> types) {
        List<WebhookRef> all = byWorkspace.get(workspaceId);
        if (all != null) {
            for (WebhookRef ref : all) {
                if (ref.enabled() && ref.subscribesToAny(types)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Every webhook of the workspace, enabled or not. */
    public List<WebhookRef> all(String workspaceId) {
        return byWorkspace.getOrDefault(workspaceId, List.of());
    }

    /** The current state of a webhook, or null if it was deleted. */
    public WebhookRef get(UUID id) {
        return byId.get(id);
    }

    /** True while some webhook folds reactions: only then is there anything for the fold sender to look for. */
    public boolean anyFolding() {
        return anyFolding;
    }

    public static WebhookRef fromRow(Row row) {
        List<WebhookEventType> types = new ArrayList<>();
        for (String type : row.getArrayOfStrings("event_types")) {
            types.add(WebhookEventType.fromWire(type).orElseThrow());
        }
        return new WebhookRef(
                row.getUUID("id"),
                row.getString("workspace_id"),
                row.getString("url"),
                types,
                PayloadFormat.fromWire(row.getString("format")).orElseThrow(),
                row.getBoolean("enabled"),
                row.getString("secret"),
                row.getInteger("errors_counter"),
                row.getOffsetDateTime("created_at"),
                row.getOffsetDateTime("enabled_since"),
                SubscriptionFilter.compile(row.getString("filter")),
                row.getInteger("reaction_window_ms"),
                row.getString("previous_secret"),
                row.getOffsetDateTime("previous_secret_expires_at"),
                row.getLong("created_seq") == null ? 0L : row.getLong("created_seq"));
    }
}
