package io.hookline.notify;

/** How mails and their subjects name a webhook: seen by many, so without what receivers often hide in a query. */
final class RedactedUrl {

    private RedactedUrl() {}

    /** The URL without its query string (where receivers often put secrets). */
    static String of(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query) + "?…";
    }
}
