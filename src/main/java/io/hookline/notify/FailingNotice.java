package io.hookline.notify;

/**
 * The warning mail before a disable: a webhook's failures in a row reached {@code HOOKLINE_WARN_AFTER_FAILURES}. Says
 * what is failing, how to look, and when Hookline will disable it. One per failure run.
 */
public record FailingNotice(
        String workspaceId,
        String workspaceName,
        String webhookId,
        String url,
        String eventType,
        int failures,
        int threshold,
        String lastError) {

    public static final String KIND = "webhook_failing";

    public String subject() {
        return "[Hookline] Webhook failing: " + failures + " failed deliveries in a row: " + redactedUrl();
    }

    /** The URL without its query string (where receivers often put secrets). */
    public String redactedUrl() {
        return RedactedUrl.of(url);
    }

    /** The receiver's origin only, for the log (see {@link RedactedUrl#origin}). */
    public String loggedUrl() {
        return RedactedUrl.origin(url);
    }

    /** The mail's wording in one piece; {@link #body} fills in the placeholders, in order. */
    private static final String BODY = """
        Hello,

        A webhook of workspace "%s" (%s) is failing: its last %d delivery attempts in a row failed.
        Hookline will disable it if its failures in a row go past %d; nothing is lost until then.

          Webhook:      %s
          URL:          %s
          Event type:   %s
          Last error:   %s

        How to look:
          1. The last attempts, with status codes and errors:
               GET %s/attempts?limit=20
          2. The delivery log (requests sent and your endpoint's answers):
               GET %s/log?limit=100
          3. Once the endpoint is fixed, check it with "Save and test":
               POST %s/test
          Events it missed can be sent again with POST %s/recover {"since": "<ISO-8601>"}.

        Or in the Hookline web console:
          %s

        -- Hookline
        """;

    public String body() {
        String base = DisableNotice.PUBLIC_URL + "/v1/workspaces/" + workspaceId + "/webhooks/" + webhookId;
        String console = DisableNotice.PUBLIC_URL + "/console/#/ws/" + workspaceId + "/webhooks/" + webhookId;
        return BODY.formatted(
                workspaceName,
                workspaceId,
                failures,
                threshold,
                webhookId,
                redactedUrl(), // without the query, where receivers often keep a secret (the docs' promise: review)
                eventType,
                lastError == null ? "unknown" : lastError,
                base,
                base,
                base,
                base,
                console);
    }
}
