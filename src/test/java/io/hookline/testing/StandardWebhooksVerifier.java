package io.hookline.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A receiver-side verifier written from the Standard Webhooks specification (standardwebhooks.com), independent
 * of Hookline's signer: the secret is {@code whsec_} + base64 key; the signed content is
 * {@code msg_id + "." + timestamp + "." + body}; {@code webhook-signature} is a space-separated list of
 * {@code v1,<base64 HMAC-SHA256>}; the timestamp must be within the tolerance of now.
 */
public final class StandardWebhooksVerifier {

    private static final long TOLERANCE_SECONDS = 5 * 60;
    private final byte[] key;

    public StandardWebhooksVerifier(String secret) {
        if (!secret.startsWith("whsec_")) {
            throw new IllegalArgumentException("secret must start with whsec_");
        }
        this.key = Base64.getDecoder().decode(secret.substring(6));
    }

    /** True when some {@code v1} signature in the header matches and the timestamp is fresh. */
    public boolean verify(String msgId, String timestamp, String signatureHeader, byte[] body) {
        if (msgId == null || timestamp == null || signatureHeader == null) {
            return false;
        }
        long ts;
        try {
            ts = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(Instant.now().getEpochSecond() - ts) > TOLERANCE_SECONDS) {
            return false;
        }
        byte[] expected = hmac((msgId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8), body);
        for (String candidate : signatureHeader.split(" ")) {
            int comma = candidate.indexOf(',');
            if (comma < 0 || !candidate.substring(0, comma).equals("v1")) {
                continue;
            }
            byte[] given;
            try {
                given = Base64.getDecoder().decode(candidate.substring(comma + 1));
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (MessageDigest.isEqual(expected, given)) {
                return true;
            }
        }
        return false;
    }

    private byte[] hmac(byte[] prefix, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(prefix);
            return mac.doFinal(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
