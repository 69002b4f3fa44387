package io.hookline.app;

/** A start-up failure whose message is the one line to print. */
public final class StartupException extends RuntimeException {
    public StartupException(String message) {
        super(message, null, false, false);
    }
}
