package io.hookline.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** Verifies the URL rules and the address classes the private-target policy refuses. */
class UrlPolicyTest {

    @Test
    void syntaxRules() {
        assertThat(UrlPolicy.syntaxProblem("https://example.com/hook?x=1")).isNull();
        assertThat(UrlPolicy.syntaxProblem("ftp://example.com/")).contains("http or https");
        assertThat(UrlPolicy.syntaxProblem("example.com/hook")).contains("absolute");
        assertThat(UrlPolicy.syntaxProblem("http://user:pw@example.com/")).contains("credentials");
        assertThat(UrlPolicy.syntaxProblem("http://example.com/" + "a".repeat(2030)))
                .contains("2048");
        assertThat(UrlPolicy.syntaxProblem("http:///nohost")).contains("host");
    }

    @Test
    void zoneIdsAndPortsOutsideOneTo65535BreakTheSyntaxRules() {
        assertThat(UrlPolicy.syntaxProblem("http://[::ffff:127.0.0.1%1]:8080/")).contains("zone id");
        assertThat(UrlPolicy.syntaxProblem("http://[fe80::1%25eth0]/")).contains("zone id");
        assertThat(UrlPolicy.syntaxProblem("http://[fe80::1%eth0]/")).contains("zone id");
        assertThat(UrlPolicy.syntaxProblem("http://hooks.example:0/")).contains("port");
        assertThat(UrlPolicy.syntaxProblem("http://hooks.example:65536/")).contains("port");
        assertThat(UrlPolicy.syntaxProblem("http://[2606:2800:220:1::1]:99999/"))
                .contains("port");
        assertThat(UrlPolicy.syntaxProblem("http://hooks.example:4294967377/")).contains("port");
        assertThat(UrlPolicy.syntaxProblem("http://hooks.example:65535/x")).isNull();
        assertThat(UrlPolicy.syntaxProblem("http://hooks.example:1/x")).isNull();
        assertThat(UrlPolicy.syntaxProblem("http://[2606:2800:220:1::1]:8443/x"))
                .isNull();
    }

    @Test
    void nonPublicAddressesAreRecognised() throws Exception {
        String[][] cases = {
            {"127.0.0.1", "a loopback"},
            {"::1", "a loopback"},
            {"10.1.2.3", "a private"},
            {"172.16.0.1", "a private"},
            {"192.168.1.1", "a private"},
            {"169.254.169.254", "a link-local"},
            {"fe80::1", "a link-local"},
            {"224.0.0.1", "a multicast"},
            {"ff02::1", "a multicast"},
            {"0.0.0.0", "an unspecified"},
            {"fd00::1", "a unique-local (private)"},
            {"100.64.0.1", "a carrier-grade NAT"},
            {"::ffff:10.0.0.1", "a private"},
            {"64:ff9b::a9fe:a9fe", "a link-local"}
        };
        for (String[] c : cases) {
            assertThat(UrlPolicy.nonPublicKind(InetAddress.getByName(c[0])))
                    .as(c[0])
                    .isEqualTo(c[1]);
        }
        assertThat(UrlPolicy.nonPublicKind(InetAddress.getByName("93.184.216.34")))
                .isNull();
        assertThat(UrlPolicy.nonPublicKind(InetAddress.getByName("2606:2800:220:1::1")))
                .isNull();
    }
}
