package io.hookline.delivery;

import io.hookline.payload.RenderedPayload;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures: {@code v1,} + base64(HMAC-SHA256(key, "{webhook-id}.{webhook-timestamp}.{body}")),
 * where the key is the base64-decoded part of the webhook's {@code whsec_} secret. A {@link Mac} is keyed once per
 * webhook and event loop and reused: {@code doFinal} leaves it ready for the next message with the same key.
 */
public final class Signer {

    private Signer() {}

    /** A MAC keyed with the webhook's signing key; not thread-safe. */
    public static Mac keyed(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signs with a key given as bytes (tests, one-off sends). */
    public static String sign(byte[] key, String messageId, long timestampSeconds, Buffer body) {
        byte[] bytes = body.getBytes();
        return sign(keyed(key), messageId, timestampSeconds, bytes, bytes.length);
    }

    public static String sign(Mac mac, String messageId, long timestampSeconds, RenderedPayload payload) {
        return sign(mac, messageId, timestampSeconds, payload.bytes(), payload.length());
    }

    public static String sign(Mac mac, String messageId, long timestampSeconds, byte[] body, int length) {
        mac.update(messageId.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) '.');
        mac.update(Long.toString(timestampSeconds).getBytes(StandardCharsets.ISO_8859_1));
        mac.update((byte) '.');
        mac.update(body, 0, length);
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal());
    }
}
