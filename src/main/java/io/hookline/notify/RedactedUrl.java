package io.hookline.notify;

/** How mails and their subjects name a webhook: seen by many, so without what receivers often hide in a query. */
final class RedactedUrl {

    private RedactedUrl() {}

    /** The URL without its query string (where receivers often put secrets). */
    static String of(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query) + "?…";
    }

    /**
     * Scheme, host and port only, for log lines an operator reads: a receiver's secret is as often in its path (as in
     * chat-service webhook URLs) as in its query. Spans name receivers the same way.
     */
    static String origin(String url) {
        try {
            java.net.URI uri = new java.net.URI(url);
            if (uri.getScheme() == null || uri.getHost() == null) {
                return "…";
            }
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            boolean more = !(path.isEmpty() || path.equals("/")) || uri.getRawQuery() != null;
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                    + (more ? "/…" : "/");
        } catch (java.net.URISyntaxException e) {
            return "…";
        }
    }
}
