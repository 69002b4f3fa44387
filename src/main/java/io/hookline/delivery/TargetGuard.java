package io.hookline.delivery;

import io.vertx.core.Future;

/**
 * Decides right before each request whether a webhook URL may be called (the private-target policy is checked
 * again at delivery time, because DNS answers change after a webhook was created).
 */
public interface TargetGuard {

  /** Lets every URL through; for {@code HOOKLINE_ALLOW_PRIVATE_TARGETS=true}. */
  TargetGuard ALLOW_ALL = url -> Future.succeededFuture();

  Future<Void> check(String url);

  /** A refusal by the policy; its message becomes the attempt's error. */
  final class Refused extends RuntimeException {
    public Refused(String message) {
      super(message, null, false, false);
    }
  }
}
