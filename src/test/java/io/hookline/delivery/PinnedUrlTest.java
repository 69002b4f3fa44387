package io.hookline.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** Verifies the URL a request is sent to once its host is pinned to the vetted address (DNS-rebinding defence). */
class PinnedUrlTest {

  @Test
  void onlyTheHostChangesAndEncodedPartsStayAsGiven() {
    assertThat(Sender.pinnedUrl(URI.create("https://hooks.example.com:8443/a%2Fb/c?x=%20y&z=1"), "93.184.216.34"))
        .isEqualTo("https://93.184.216.34:8443/a%2Fb/c?x=%20y&z=1");
    assertThat(Sender.pinnedUrl(URI.create("http://hooks.example.com"), "93.184.216.34"))
        .isEqualTo("http://93.184.216.34/");
    assertThat(Sender.pinnedUrl(URI.create("https://hooks.example.com/x"), "2606:2800:220:1:248:1893:25c8:1946"))
        .isEqualTo("https://[2606:2800:220:1:248:1893:25c8:1946]/x");
  }
}
