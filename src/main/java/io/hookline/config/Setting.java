package io.hookline.config;

import java.util.Locale;

/**
 * One configuration setting: its key in {@code conf/hookline.json}, the environment variable that overrides it,
 * its default as documented, what it means, and the parser that checks a raw value and turns it into its type.
 * {@link Settings#ALL} lists them; it is the single source of truth for loading, the start-up summary and the
 * README table.
 */
public final class Setting<T> {

    /** Checks a raw value (a string from the environment, or a JSON value from the file) and converts it. */
    interface Parser<T> {
        T parse(Object raw, Setting<T> setting);
    }

    private final String key;
    private final Object defaultValue;
    private final boolean secret;
    private final String meaning;
    private final Parser<T> parser;

    Setting(String key, Object defaultValue, boolean secret, String meaning, Parser<T> parser) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.secret = secret;
        this.meaning = meaning;
        this.parser = parser;
    }

    public String key() {
        return key;
    }

    public String envName() {
        return "HOOKLINE_" + key.toUpperCase(Locale.ROOT);
    }

    public Object defaultValue() {
        return defaultValue;
    }

    public boolean secret() {
        return secret;
    }

    public String meaning() {
        return meaning;
    }

    T parse(Object raw) {
        return parser.parse(raw == null ? defaultValue : raw, this);
    }

    /** How error messages name it: {@code ingest_port (HOOKLINE_INGEST_PORT)}. */
    String describe() {
        return key + " (" + envName() + ")";
    }

    ConfigException invalid(String rule, Object got) {
        return new ConfigException(describe() + " must be " + rule + ", got '" + got + "'");
    }
}
