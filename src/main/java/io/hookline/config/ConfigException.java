package io.hookline.config;

/** A configuration problem; its message is the one line printed before exiting, so it says what to fix. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
