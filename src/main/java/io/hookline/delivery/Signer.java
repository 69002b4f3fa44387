package io.hookline.delivery;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures: {@code v1,} + base64(HMAC-SHA256(key, "{webhook-id}.{webhook-timestamp}.{body}")),
 * where the key is the base64-decoded part of the webhook's {@code whsec_} secret.
 */
public final class Signer {

  private static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(() -> {
    try {
      return Mac.getInstance("HmacSHA256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  });

  private Signer() {
  }

  public static String sign(byte[] key, String messageId, long timestampSeconds, Buffer body) {
    Mac mac = MAC.get();
    try {
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
    } catch (InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
    mac.update((messageId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
    mac.update(body.getBytes());
    return "v1," + Base64.getEncoder().encodeToString(mac.doFinal());
  }
}
