package io.hookline.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.StandardWebhooksVerifier;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Verifies the Standard Webhooks signature against the specification's published test vector. */
class SignerTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private static byte[] key(String secret) {
        return Base64.getDecoder().decode(secret.substring("whsec_".length()));
    }

    @Test
    void reproducesThePublishedTestVector() {
        String signature = Signer.sign(
                key(SECRET), "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L, Buffer.buffer("{\"test\": 2432232314}"));

        assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void aFreshSignatureVerifiesWithAnIndependentVerifierAndNotWithAnotherKey() {
        long now = Instant.now().getEpochSecond();
        Buffer body = Buffer.buffer("{\"event_type\":\"message:new\",\"emoji\":\"👍\"}");
        String signature = Signer.sign(key(SECRET), "evt_1", now, body);

        assertThat(new StandardWebhooksVerifier(SECRET).verify("evt_1", Long.toString(now), signature, body.getBytes()))
                .isTrue();
        assertThat(new StandardWebhooksVerifier("whsec_" + Base64.getEncoder().encodeToString(new byte[32]))
                        .verify("evt_1", Long.toString(now), signature, body.getBytes()))
                .isFalse();
        assertThat(new StandardWebhooksVerifier(SECRET).verify("evt_2", Long.toString(now), signature, body.getBytes()))
                .as("the id is signed too")
                .isFalse();
    }
}
