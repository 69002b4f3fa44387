package io.hookline.delivery;

/** What made an attempt, as stored in {@code attempts.trigger} and shown on every attempt. */
public enum Trigger {
    /** Fan-out of a newly accepted event (or its re-drive). */
    DELIVERY("delivery"),
    /** Save and test: logged, never counted toward auto-disable. */
    TEST("test"),
    /** One event sent again by hand. */
    RESEND("resend"),
    /** Sent by a recovery job. */
    RECOVER("recover");

    private final String wire;

    Trigger(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
