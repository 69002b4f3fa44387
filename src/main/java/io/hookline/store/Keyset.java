package io.hookline.store;

/**
 * One page of a list walked newest first by a unique, increasing key: the rows whose key is below {@code before}
 * ({@link Long#MAX_VALUE} for the first page), at most {@code limit} of them. Stores fetch one row more than the page
 * holds, so the caller knows whether another page follows without a last, empty one.
 */
public record Keyset(long before, int limit) {

    public static final long FIRST = Long.MAX_VALUE;

    /** Rows to fetch: the page plus one that only says there is more. */
    public int fetch() {
        return limit + 1;
    }
}
