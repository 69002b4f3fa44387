package io.hookline.config;

import java.security.SecureRandom;
import java.util.Base64;

/** New bearer tokens: the admin and ingest tokens generated at a first start, and workspace tokens. */
public final class Tokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {}

    /** {@code prefix} and 192 random bits, URL-safe base64 without padding. */
    public static String generate(String prefix) {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
