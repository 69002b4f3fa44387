package io.hookline.delivery;

/** An unsuccessful attempt, as a failure the webhook's circuit breaker counts. */
final class FailedAttempt extends RuntimeException {

    final AttemptRecord attempt;

    FailedAttempt(AttemptRecord attempt) {
        super(attempt.error(), null, false, false);
        this.attempt = attempt;
    }
}
