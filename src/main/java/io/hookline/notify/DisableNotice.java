package io.hookline.notify;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The mail sent when a webhook is disabled after too many failures in a row: what happened and what to do. */
public record DisableNotice(
        String workspaceId,
        String workspaceName,
        String webhookId,
        String url,
        String eventType,
        int failures,
        int threshold,
        String lastError,
        OffsetDateTime disabledAt) {

    public static final String KIND = "webhook_auto_disabled";

    /**
     * Stands for {@code HOOKLINE_PUBLIC_URL} in the stored body: the notifier puts the setting in when it sends the
     * mail ({@link #withPublicUrl}), so links follow the setting, also for mails queued before it changed. Empty, the
     * links are paths on the admin listener.
     */
    public static final String PUBLIC_URL = "{{public_url}}";

    /** Names the webhook by its URL without query or credentials: subjects and logs are seen by many. */
    public String subject() {
        return "[Hookline] Webhook disabled after " + failures + " failed deliveries in a row: " + redactedUrl();
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

        Hookline disabled a webhook of workspace "%s" (%s): its last %d delivery attempts in a row failed,
        more than the limit of %d.

          Webhook:      %s
          URL:          %s
          Event type:   %s
          Disabled at:  %s
          Last error:   %s

        Nothing is sent to this webhook while it is disabled, and failed deliveries are never resent.

        What to do:
          1. Read the delivery log (requests sent and your endpoint's answers) on the Hookline admin API:
               GET %s/log?limit=100
          2. Fix the endpoint, then re-enable the webhook; this also resets its failure counter:
               PATCH %s   {"enabled": true}
          3. Check it right away with "Save and test":
               POST %s/test

        Or do all of this in the Hookline web console:
          %s

        -- Hookline
        """;

    public String body() {
        String base = PUBLIC_URL + "/v1/workspaces/" + workspaceId + "/webhooks/" + webhookId;
        String console = PUBLIC_URL + "/console/#/ws/" + workspaceId + "/webhooks/" + webhookId;
        return BODY.formatted(
                workspaceName,
                workspaceId,
                failures,
                threshold,
                webhookId,
                redactedUrl(), // without the query, where receivers often keep a secret (the docs' promise: review)
                eventType,
                disabledAt
                        .withOffsetSameInstant(ZoneOffset.UTC)
                        .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")),
                lastError == null ? "unknown" : lastError,
                base,
                base,
                base,
                console);
    }

    /** A stored body with its links made absolute on {@code publicUrl} (no trailing slash), or left as paths if empty. */
    public static String withPublicUrl(String body, String publicUrl) {
        return body.replace(PUBLIC_URL, publicUrl);
    }
}
