package io.hookline.workspace;

import io.hookline.http.ApiException;
import io.hookline.store.WorkspaceStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The ids of every workspace, in memory, so ingest can refuse events of unknown workspaces (404) at the cost of
 * one set lookup. Kept in step across instances by {@code NOTIFY hookline_workspaces} ({@code +id} created, {@code -id}
 * deleted) and reloaded whole when the change feed reconnects. An id not in the set is looked up once in PostgreSQL
 * before a 404: a workspace created a moment ago on another instance must not be refused while its notice travels.
 */
public final class KnownWorkspaces {

    private final Pool pool;
    /** Read without a lock on the hot path; changed only under this object's lock. */
    private volatile Set<String> ids = ConcurrentHashMap.newKeySet();
    /**
     * Moves with every change notice; an answer read from PostgreSQL before a notice is stale and is not written to
     * the set once one has arrived.
     */
    private final AtomicLong changes = new AtomicLong();
    /** Lookups under way, so a burst of events for one unknown id costs one query. */
    private final ConcurrentHashMap<String, Future<Boolean>> lookups = new ConcurrentHashMap<>();

    public KnownWorkspaces(Pool pool) {
        this.pool = pool;
    }

    /**
     * {@code accept} when the workspace exists, else {@code refuse} with the 404 {@code workspace_not_found}. Either runs
     * on the caller's context; a known id costs one set lookup and nothing else.
     */
    public <T> Future<T> admit(
            String workspaceId, Supplier<Future<T>> accept, Function<ApiException, Future<T>> refuse) {
        if (ids.contains(workspaceId)) {
            return accept.get();
        }
        // the lookup may be another slot's and complete on that slot's event loop; accept (the journal) must run on
        // ours
        Context caller = Vertx.currentContext();
        Promise<T> answer = Promise.promise();
        lookup(workspaceId)
                .onComplete(found -> onContext(caller, () -> {
                    if (found.failed()) {
                        answer.fail(found.cause());
                    } else {
                        (found.result() ? accept.get() : refuse.apply(notFound(workspaceId))).onComplete(answer);
                    }
                }));
        return answer.future();
    }

    /** Replaces the set with the database's; used at start and after the change feed reconnects. */
    public Future<Void> reloadAll() {
        long seen = changes.get();
        return WorkspaceStore.allIds(pool).compose(rows -> {
            Set<String> fresh = ConcurrentHashMap.newKeySet(Math.max(16, rows.size() * 2));
            rows.forEach(row -> fresh.add(row.getString("id")));
            // a notice that arrived meanwhile may not be in the rows yet: read again
            return replace(fresh, seen) ? Future.<Void>succeededFuture() : reloadAll();
        });
    }

    private synchronized boolean replace(Set<String> fresh, long seen) {
        if (changes.get() != seen) {
            return false;
        }
        ids = fresh;
        return true;
    }

    /** A change notice: {@code +id} (created) or {@code -id} (deleted), applied in commit order. */
    public synchronized void changed(String notice) {
        if (notice.length() < 2) {
            return;
        }
        String id = notice.substring(1);
        changes.incrementAndGet();
        if (notice.charAt(0) == '+') {
            ids.add(id);
        } else if (notice.charAt(0) == '-') {
            ids.remove(id);
        }
    }

    private Future<Boolean> lookup(String workspaceId) {
        Future<Boolean> running = lookups.get(workspaceId);
        if (running != null) {
            return running;
        }
        long seen = changes.get();
        Future<Boolean> started = WorkspaceStore.exists(pool, workspaceId).onSuccess(found -> {
            if (found) {
                learned(workspaceId, seen);
            }
        });
        Future<Boolean> raced = lookups.putIfAbsent(workspaceId, started);
        if (raced != null) {
            return raced;
        }
        return started.onComplete(ar -> lookups.remove(workspaceId, started));
    }

    private synchronized void learned(String workspaceId, long seen) {
        if (changes.get() == seen) {
            ids.add(workspaceId);
        }
    }

    private static void onContext(Context context, Runnable step) {
        if (context == null || context == Vertx.currentContext()) {
            step.run();
        } else {
            context.runOnContext(v -> step.run());
        }
    }

    static ApiException notFound(String workspaceId) {
        return new ApiException(
                404,
                "workspace_not_found",
                "Workspace '" + workspaceId + "' does not exist; create it " + "with PUT /v1/workspaces/" + workspaceId
                        + " on the admin listener before sending its events.");
    }
}
