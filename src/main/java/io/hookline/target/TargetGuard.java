package io.hookline.target;

import io.vertx.core.Future;

/**
 * Decides right before each request whether a webhook URL may be called (the private-target policy is checked
 * again at delivery time, because DNS answers change after a webhook was created).
 */
public interface TargetGuard {

    /**
     * Fails with {@link Refused} if the URL may not be called; otherwise yields the vetted IP address to connect to
     * (so a second DNS answer cannot differ from the one checked), or null to connect by name.
     */
    Future<String> check(String url);

    /** A refusal by the policy; its message becomes the attempt's error. */
    final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message, null, false, false);
        }
    }
}
