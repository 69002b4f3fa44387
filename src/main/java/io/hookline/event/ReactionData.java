package io.hookline.event;

import java.time.OffsetDateTime;
import java.util.Map;

/**
 * A reaction event. {@code reactor} is null when attribution is unknown; {@code givenReactions} is the
 * producer's own aggregate (emoji → count) or null when Hookline keeps the state.
 */
public record ReactionData(
        String messageUid,
        String action,
        String emoji,
        Person reactor,
        OffsetDateTime timestamp,
        Map<String, Long> givenReactions) {

    public boolean isSet() {
        return "set".equals(action);
    }
}
