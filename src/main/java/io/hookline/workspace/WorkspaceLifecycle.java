package io.hookline.workspace;

import io.hookline.store.Journal;
import io.hookline.store.PendingWork;
import io.hookline.store.ReactionStates;
import io.hookline.store.Transactions;
import io.hookline.store.WorkspaceStore;
import io.hookline.webhook.Subscriptions;
import io.hookline.webhook.WebhookChanges;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;

/**
 * Creating and deleting workspaces, with the caches that follow them: this instance's are updated
 * before the call returns, the other instances' by the change notices the transaction sends.
 */
public final class WorkspaceLifecycle {

    private final Pool pool;
    private final Subscriptions subscriptions;
    private final KnownWorkspaces known;

    public WorkspaceLifecycle(Pool pool, Subscriptions subscriptions, KnownWorkspaces known) {
        this.pool = pool;
        this.subscriptions = subscriptions;
        this.known = known;
    }

    /** Creates or replaces the workspace; the row says whether it was {@code created}. */
    public Future<Row> put(String id, String name, String notificationEmail) {
        return Transactions.retryingConflicts(pool, conn -> WorkspaceStore.upsert(conn, id, name, notificationEmail))
                .onSuccess(row -> known.changed("+" + id));
    }

    /**
     * Deletes the workspace with its webhooks (audited), tokens, pending work (an event parked or held in a fold that
     * nothing was attempted for is recorded as skipped) and reaction state, in one transaction; false if there is no
     * such workspace. Its delivery history (journal, attempts, notifications) stays until retention purges it, and its
     * audit log stays. The workspace row is locked first, so no webhook or token is added meanwhile.
     */
    public Future<Boolean> delete(String id, String actor) {
        return Transactions.retryingConflicts(
                        pool,
                        conn -> WorkspaceStore.lock(conn, id)
                                .compose(found -> !found
                                        ? Future.succeededFuture(false)
                                        : Journal.skipWaitingOf(conn, id)
                                                .compose(v -> WebhookChanges.deleteAll(conn, id, actor))
                                                .compose(v -> PendingWork.forgetWorkspace(conn, id))
                                                .compose(v -> ReactionStates.forgetWorkspace(conn, id))
                                                .compose(v -> WorkspaceStore.delete(conn, id))
                                                .map(true)))
                .compose(deleted -> {
                    if (!deleted) {
                        return Future.succeededFuture(false);
                    }
                    known.changed("-" + id);
                    return subscriptions.reloadWorkspace(id).map(true);
                });
    }
}
