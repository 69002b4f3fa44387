package io.hookline.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * A fixed set of bearer tokens, checked in constant time: the presented token is hashed and compared with every
 * known hash without stopping at the first match, so timing reveals neither which token nor how much matched.
 */
public final class BearerTokens {

    private final List<byte[]> hashes;

    public BearerTokens(List<String> tokens) {
        this(tokens.stream().map(BearerTokens::sha256).toArray(byte[][]::new));
    }

    private BearerTokens(byte[][] hashes) {
        this.hashes = List.of(hashes);
    }

    /** Tokens known only by their SHA-256 hashes (generated tokens, whose plain value is not kept). */
    public static BearerTokens ofHashes(List<byte[]> hashes) {
        return new BearerTokens(hashes.toArray(byte[][]::new));
    }

    public boolean matches(String token) {
        if (token == null) {
            return false;
        }
        byte[] presented = sha256(token);
        boolean found = false;
        for (byte[] hash : hashes) {
            found |= MessageDigest.isEqual(hash, presented);
        }
        return found;
    }

    /**
     * The token of an {@code Authorization: Bearer ...} header, or null if there is none, or more than one: the
     * credentials are a single header, and with two the first one counted (review), so a proxy adding its own could
     * decide who a request is from.
     */
    public static String extract(HttpServerRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null
                || header.length() < 8
                || !header.regionMatches(true, 0, "Bearer ", 0, 7)
                || request.headers().getAll(HttpHeaders.AUTHORIZATION).size() > 1) {
            return null;
        }
        String token = header.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    public static byte[] sha256(String value) {
        return SHA256.get().digest(value.getBytes(StandardCharsets.UTF_8));
    }

    /** Looking a digest up by name on every request costs more than the digest. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });
}
