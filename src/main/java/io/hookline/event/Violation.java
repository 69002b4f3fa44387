package io.hookline.event;

/** One broken rule of an input document: the JSON path of the field and a sentence saying what is wrong. */
public record Violation(String field, String message) {

    /**
     * At most this many are listed in an error's {@code details}: enough to fix a document by, while a hostile one
     * (a megabyte of unknown keys) cannot make the answer many times larger than the request, nor fill the heap.
     */
    public static final int LISTED = 50;

    /** What an error message adds when {@code total} problems were found and only the first {@link #LISTED} shown. */
    public static String unlistedNote(int total) {
        return total > LISTED ? "; the first " + LISTED + " are listed" : "";
    }
}
