package io.hookline.bus;

/** Event-bus addresses between the verticles of one process. */
public final class Addresses {

    private static final String REDRIVE_PREFIX = "hookline.redrive.";

    /** Wakes the notifier: a notification was just queued. */
    public static final String NOTIFY_WAKE = "hookline.notify.wake";

    private Addresses() {}

    /** Pending events brought back for the slot (event loop) {@code slot}. */
    public static String redrive(int slot) {
        return REDRIVE_PREFIX + slot;
    }
}
