package io.hookline.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Verifies how a webhook URL is taken apart for a request pinned to the vetted address (DNS-rebinding defence): the
 * connection goes to the address, while the host name (Host header, TLS server name), the port and the encoded
 * path and query stay exactly as given.
 */
class PinnedUrlTest {

    @Test
    void onlyTheHostChangesAndEncodedPartsStayAsGiven() {
        WebhookTarget t = WebhookTarget.of("https://hooks.example.com:8443/a%2Fb/c?x=%20y&z=1");
        assertThat(t.host()).isEqualTo("hooks.example.com");
        assertThat(t.port()).isEqualTo(8443);
        assertThat(t.ssl()).isTrue();
        assertThat(t.requestUri()).isEqualTo("/a%2Fb/c?x=%20y&z=1");
        WebhookTarget plain = WebhookTarget.of("http://hooks.example.com");
        assertThat(plain.port()).isEqualTo(80);
        assertThat(plain.ssl()).isFalse();
        assertThat(plain.requestUri()).isEqualTo("/");
        WebhookTarget v6 = WebhookTarget.of("https://[2606:2800:220:1:248:1893:25c8:1946]/x");
        assertThat(v6.host()).isEqualTo("2606:2800:220:1:248:1893:25c8:1946");
        assertThat(v6.port()).isEqualTo(443);
        assertThat(v6.requestUri()).isEqualTo("/x");
    }
}
