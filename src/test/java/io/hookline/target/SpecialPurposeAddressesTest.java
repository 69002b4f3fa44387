package io.hookline.target;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Verifies, address by address, which targets the private-target policy refuses and why. */
class SpecialPurposeAddressesTest {

    /** Address literal, expected kind (null = globally reachable, allowed). */
    private static final String[][] TABLE = {
        // IPv4
        {"0.0.0.0", "an unspecified"},
        {"0.1.2.3", "a reserved"},
        {"10.0.0.1", "a private"},
        {"10.255.255.255", "a private"},
        {"100.64.0.1", "a carrier-grade NAT"},
        {"100.127.255.254", "a carrier-grade NAT"},
        {"100.63.255.255", null},
        {"100.128.0.0", null},
        {"127.0.0.1", "a loopback"},
        {"127.255.255.254", "a loopback"},
        {"169.254.169.254", "a link-local"},
        {"172.16.0.1", "a private"},
        {"172.31.255.255", "a private"},
        {"172.15.255.255", null},
        {"172.32.0.0", null},
        {"192.0.0.1", "a reserved"},
        {"192.0.0.170", "a reserved"},
        {"192.0.2.1", "a documentation"},
        {"192.0.3.1", null},
        {"192.88.99.1", "a 6to4 relay"},
        {"192.168.0.1", "a private"},
        {"198.18.0.1", "a benchmarking"},
        {"198.19.255.255", "a benchmarking"},
        {"198.20.0.0", null},
        {"198.51.100.1", "a documentation"},
        {"203.0.113.9", "a documentation"},
        {"224.0.0.1", "a multicast"},
        {"239.255.255.250", "a multicast"},
        {"240.0.0.1", "a reserved"},
        {"255.255.255.254", "a reserved"},
        {"255.255.255.255", "a broadcast"},
        {"8.8.8.8", null},
        {"93.184.216.34", null},
        {"1.1.1.1", null},
        {"223.255.255.255", null},
        // IPv6
        {"::", "an unspecified"},
        {"::1", "a loopback"},
        {"::ffff:127.0.0.1", "a loopback"},
        {"::ffff:10.0.0.1", "a private"},
        {"::ffff:169.254.169.254", "a link-local"},
        {"::ffff:8.8.8.8", null},
        {"::127.0.0.1", "a loopback"},
        {"::10.0.0.1", "a private"},
        {"::8.8.8.8", null},
        {"64:ff9b::7f00:1", "a loopback"},
        {"64:ff9b::a9fe:a9fe", "a link-local"},
        {"64:ff9b::808:808", null},
        {"64:ff9b:1::a00:1", "a translation"},
        {"64:ff9b:1::808:808", "a translation"},
        {"100::1", "a discard-only"},
        {"100:0:0:1::1", "a dummy"},
        {"2001::1", "a Teredo"},
        {"2001:0:4136:e378:8000:63bf:3fff:fdd2", "a Teredo"},
        {"2001:2::1", "a reserved"},
        {"2001:1ff:ffff::1", "a reserved"},
        {"2001:200::1", null},
        {"2001:db8::1", "a documentation"},
        {"2001:db8:ffff::1", "a documentation"},
        {"2002:7f00:1::1", "a 6to4"},
        {"2002:808:808::1", "a 6to4"},
        {"3fff::1", "a documentation"},
        {"3fff:fff::1", "a documentation"},
        {"5f00::1", "a segment-routing"},
        {"fc00::1", "a unique-local (private)"},
        {"fd12:3456::1", "a unique-local (private)"},
        {"fe80::1", "a link-local"},
        {"febf::1", "a link-local"},
        {"fec0::1", "a site-local"},
        {"ff02::1", "a multicast"},
        {"ff0e::1", "a multicast"},
        {"4000::1", "a reserved"},
        {"1::1", "a reserved"},
        {"8000::1", "a reserved"},
        {"e000::1", "a reserved"},
        {"2606:2800:220:1::1", null},
        {"2a00:1450:4001::1", null},
        {"2001:4860:4860::8888", null},
        {"3ffe::1", null}
    };

    @Test
    void eachAddressIsJudgedByItsBytes() {
        for (String[] row : TABLE) {
            SpecialPurposeAddresses.Refusal refusal =
                    SpecialPurposeAddresses.refusal(SpecialPurposeAddresses.literal(row[0]));
            assertThat(refusal == null ? null : refusal.kind()).as(row[0]).isEqualTo(row[1]);
        }
    }

    @Test
    void theRefusalNamesTheRegistryEntryAndTheIpv4AnAddressCarries() {
        assertThat(SpecialPurposeAddresses.refusal(SpecialPurposeAddresses.literal("::ffff:127.0.0.1"))
                        .describe("x"))
                .isEqualTo(
                        "a loopback address x (Loopback, 127.0.0.0/8; IPv4-mapped ::ffff:0:0/96 carrying IPv4 127.0.0.1)");
        assertThat(SpecialPurposeAddresses.refusal(SpecialPurposeAddresses.literal("2002:7f00:1::1"))
                        .describe("x"))
                .isEqualTo("a 6to4 address x (6to4, 2002::/16; carries IPv4 127.0.0.1)");
        // Teredo keeps the client's IPv4 with every bit flipped: 3fff:fdd2 is 192.0.2.45
        assertThat(SpecialPurposeAddresses.refusal(
                                SpecialPurposeAddresses.literal("2001:0:4136:e378:8000:63bf:3fff:fdd2"))
                        .describe("x"))
                .isEqualTo("a Teredo address x (TEREDO, 2001::/32; carries IPv4 192.0.2.45)");
        assertThat(SpecialPurposeAddresses.refusal(SpecialPurposeAddresses.literal("192.0.2.1"))
                        .describe("192.0.2.1"))
                .isEqualTo("a documentation address 192.0.2.1 (Documentation (TEST-NET-1), 192.0.2.0/24)");
    }
}
