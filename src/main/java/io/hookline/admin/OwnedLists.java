package io.hookline.admin;

import io.hookline.store.WorkspaceStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;

/**
 * A workspace's lists are a 404 for a workspace that does not exist, as every other call on it is, rather than an
 * empty list that would hide a mistyped name. Only an empty page costs the extra lookup: a page with rows answers as
 * it is. That also keeps the audit log and the notifications of a deleted workspace readable (they outlive it): they
 * have rows. Those two lists answered an empty 200 for any name before (an outside review).
 */
final class OwnedLists {

    private OwnedLists() {}

    static Future<RowSet<Row>> ofExisting(Pool pool, String workspaceId, Future<RowSet<Row>> page) {
        return page.compose(rows -> rows.size() > 0
                ? Future.succeededFuture(rows)
                : WorkspaceStore.exists(pool, workspaceId)
                        .compose(found -> found
                                ? Future.succeededFuture(rows)
                                : Future.failedFuture(WorkspaceRoutes.notFound(workspaceId))));
    }
}
