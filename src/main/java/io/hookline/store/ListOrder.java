package io.hookline.store;

/**
 * Keeps the management lists' keys in commit order (docs/api.md: a cursor walk has no gaps while new rows arrive). A
 * row's key is taken when it is inserted; without this, a transaction that took a key and committed after a later one
 * made its row appear below rows a walk had already shown (an outside review). So every insert of a listed row first
 * takes one transaction-scoped advisory lock, held until its transaction ends: the next writer takes its key only
 * after that, so no row can become visible below one that is visible already. The lists' writers are management
 * changes and, in the delivery path's attempt batches, auto-disables and warnings (rare; they wait for a management
 * change's commit at most). Attempts, whose writers must not queue behind each other's commits, are kept in order by
 * the reader instead ({@link AttemptHorizon}).
 *
 * <p>The lock comes after every row lock its transaction takes, foreign-key checks included: transactions that lock a
 * workspace or webhook row and then write an audit entry would otherwise deadlock with an insert that holds the lock
 * and waits for that row (review). Inserts whose foreign key or conflict locks a row take it first ({@link #after}).
 */
final class ListOrder {

    /** The lock's key, beside the other advisory keys ({@code ReactionFolds}, {@code Retention}). */
    static final long KEY = 7310032;

    /** The one expression that takes the lock. */
    private static final String TAKE = "pg_advisory_xact_lock(" + KEY + ")";

    /**
     * Starts an {@code INSERT ... SELECT ... FROM turn}: every row the insert makes (and so every key) comes out of a
     * join with {@code turn}, which is read only once the lock is held.
     */
    static final String TURN = "WITH turn AS MATERIALIZED (SELECT " + TAKE + ") ";

    /**
     * {@link #TURN} taken only after {@code first} (a query that locks the rows the insert would lock later, and may
     * compute what it needs): {@code turn} has a row, and the lock is taken, only if {@code first} has one. The
     * insert reads {@code first}'s columns from it too.
     */
    static String after(String first) {
        return "WITH first AS MATERIALIZED (" + first + "), turn AS MATERIALIZED (SELECT " + TAKE + " FROM first) ";
    }

    private ListOrder() {}
}
