package io.hookline.store;

/**
 * Keeps the management lists' keys in commit order (docs/api.md: a cursor walk has no gaps while new rows arrive). A
 * row's key is taken when it is inserted; without this, a transaction that took a key and committed after a later one
 * made its row appear below rows a walk had already shown (an outside review). So every insert of a listed row first
 * takes one transaction-scoped advisory lock, held until its transaction ends: the next writer takes its key only
 * after that, so no row can become visible below one that is visible already. The lists' writers are management
 * changes, auto-disables and warnings, none of them on the delivery path; attempts, whose writers must not queue
 * behind each other's commits, are kept in order by the reader instead ({@link AttemptHorizon}).
 */
final class ListOrder {

    /** The lock's key, beside the other advisory keys ({@code ReactionFolds}, {@code Retention}). */
    static final long KEY = 7310032;

    /**
     * Starts an {@code INSERT ... SELECT ... FROM turn}: every row the insert makes (and so every key) comes out of a
     * join with {@code turn}, which is read only once the lock is held.
     */
    static final String TURN = "WITH turn AS MATERIALIZED (SELECT pg_advisory_xact_lock(" + KEY + ")) ";

    private ListOrder() {}
}
