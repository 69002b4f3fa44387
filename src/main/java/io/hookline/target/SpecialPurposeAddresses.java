package io.hookline.target;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The addresses a webhook may not target while {@code HOOKLINE_ALLOW_PRIVATE_TARGETS} is false, decided from the
 * address bytes alone (a textual form can hide a zone id, a mapped prefix or a leading zero).
 *
 * <p>The table is every entry that IANA's special-purpose address registries mark as not globally reachable
 * (False, or N/A for deprecated blocks):
 * <ul>
 *   <li>https://www.iana.org/assignments/iana-ipv4-special-registry/iana-ipv4-special-registry.xhtml</li>
 *   <li>https://www.iana.org/assignments/iana-ipv6-special-registry/iana-ipv6-special-registry.xhtml</li>
 * </ul>
 * plus multicast (IANA's multicast registries), the deprecated IPv6 site-local block (RFC 3879), and all IPv6 outside
 * 2000::/3, the only block IANA's IPv6 Address Space registry allocates to global unicast. A few single addresses
 * inside refused blocks are marked globally reachable (anycast services such as 192.0.0.9, 192.0.0.10, 2001:1::1,
 * and AMT, AS112 and ORCHIDv2 inside 2001::/23); none of them is a webhook receiver, so the blocks are refused
 * whole. Three IPv6 forms carry an IPv4 address and are judged by it: IPv4-mapped, IPv4-compatible and the NAT64
 * well-known prefix 64:ff9b::/96 (which reaches public IPv4 hosts). 6to4 and Teredo are refused whatever IPv4 they
 * carry; the message names it. The longest matching prefix names the range.
 */
public final class SpecialPurposeAddresses {

    /** Why an address may not be a webhook target: its kind for messages, the registry's name, the range. */
    public record Refusal(String kind, String name, String range, String carrier, String ipv4) {

        /** E.g. "a loopback address ::ffff:7f00:1 (Loopback, 127.0.0.0/8; IPv4-mapped ::ffff:0:0/96 carrying 127.0.0.1)". */
        public String describe(String addressText) {
            String carried =
                    ipv4 == null ? "" : "; " + (carrier == null ? "carries" : carrier + " carrying") + " IPv4 " + ipv4;
            return kind + " address " + addressText + " (" + name + ", " + range + carried + ")";
        }
    }

    /** Where a row's addresses carry an IPv4 address, if anywhere. */
    private enum Carries {
        NOTHING,
        JUDGED_BY_LOW_32_BITS,
        SIX_TO_FOUR,
        TEREDO
    }

    private record Row(byte[] prefix, int bits, String range, String kind, String name, Carries carries) {

        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int whole = bits / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return rest == 0 || (address[whole] & mask) == (prefix[whole] & mask);
        }
    }

    private static final List<Row> ROWS = Stream.of(
                    // IPv4 Special-Purpose Address Registry, plus multicast
                    row("0.0.0.0/32", "an unspecified", "This host on this network"),
                    row("0.0.0.0/8", "a reserved", "This network"),
                    row("10.0.0.0/8", "a private", "Private-Use"),
                    row("100.64.0.0/10", "a carrier-grade NAT", "Shared Address Space"),
                    row("127.0.0.0/8", "a loopback", "Loopback"),
                    row("169.254.0.0/16", "a link-local", "Link Local"),
                    row("172.16.0.0/12", "a private", "Private-Use"),
                    row("192.0.0.0/24", "a reserved", "IETF Protocol Assignments"),
                    row("192.0.2.0/24", "a documentation", "Documentation (TEST-NET-1)"),
                    row("192.88.99.0/24", "a 6to4 relay", "Deprecated (6to4 Relay Anycast)"),
                    row("192.168.0.0/16", "a private", "Private-Use"),
                    row("198.18.0.0/15", "a benchmarking", "Benchmarking"),
                    row("198.51.100.0/24", "a documentation", "Documentation (TEST-NET-2)"),
                    row("203.0.113.0/24", "a documentation", "Documentation (TEST-NET-3)"),
                    row("224.0.0.0/4", "a multicast", "Multicast"),
                    row("240.0.0.0/4", "a reserved", "Reserved"),
                    row("255.255.255.255/32", "a broadcast", "Limited Broadcast"),
                    // IPv6 Special-Purpose Address Registry, plus multicast, site-local and everything outside 2000::/3
                    row("::/128", "an unspecified", "Unspecified Address"),
                    row("::1/128", "a loopback", "Loopback Address"),
                    row("::ffff:0:0/96", Carries.JUDGED_BY_LOW_32_BITS, null, "IPv4-mapped"),
                    row("::/96", Carries.JUDGED_BY_LOW_32_BITS, null, "IPv4-compatible (deprecated)"),
                    row("64:ff9b::/96", Carries.JUDGED_BY_LOW_32_BITS, null, "NAT64 IPv4-IPv6 Translation"),
                    row("64:ff9b:1::/48", "a translation", "Local-Use IPv4/IPv6 Translation"),
                    row("100::/64", "a discard-only", "Discard-Only Address Block"),
                    row("100:0:0:1::/64", "a dummy", "Dummy IPv6 Prefix"),
                    row("2001::/23", "a reserved", "IETF Protocol Assignments"),
                    row("2001::/32", Carries.TEREDO, "a Teredo", "TEREDO"),
                    row("2001:db8::/32", "a documentation", "Documentation"),
                    row("2002::/16", Carries.SIX_TO_FOUR, "a 6to4", "6to4"),
                    row("3fff::/20", "a documentation", "Documentation"),
                    row("5f00::/16", "a segment-routing", "Segment Routing (SRv6) SIDs"),
                    row("fc00::/7", "a unique-local (private)", "Unique-Local"),
                    row("fe80::/10", "a link-local", "Link-Local Unicast"),
                    row("fec0::/10", "a site-local", "Site-Local (deprecated)"),
                    row("ff00::/8", "a multicast", "Multicast"),
                    row("::/3", "a reserved", "not global unicast (outside 2000::/3)"),
                    row("4000::/2", "a reserved", "not global unicast (outside 2000::/3)"),
                    row("8000::/1", "a reserved", "not global unicast (outside 2000::/3)"))
            .sorted(Comparator.comparingInt(Row::bits).reversed())
            .toList();

    private SpecialPurposeAddresses() {}

    /** Why {@code address} (4 or 16 bytes) may not be targeted, or null when it is globally reachable. */
    public static Refusal refusal(byte[] address) {
        for (Row row : ROWS) {
            if (row.contains(address)) {
                return judge(row, address);
            }
        }
        return null;
    }

    public static Refusal refusal(InetAddress address) {
        return refusal(address.getAddress());
    }

    private static Refusal judge(Row row, byte[] address) {
        return switch (row.carries()) {
            case NOTHING -> new Refusal(row.kind(), row.name(), row.range(), null, null);
            case SIX_TO_FOUR -> new Refusal(row.kind(), row.name(), row.range(), null, ipv4(address, 2, 0));
            case TEREDO -> new Refusal(row.kind(), row.name(), row.range(), null, ipv4(address, 12, 0xFF));
            case JUDGED_BY_LOW_32_BITS -> {
                byte[] inner = new byte[4];
                System.arraycopy(address, 12, inner, 0, 4);
                Refusal refusal = refusal(inner);
                yield refusal == null
                        ? null
                        : new Refusal(
                                refusal.kind(),
                                refusal.name(),
                                refusal.range(),
                                row.name() + " " + row.range(),
                                ipv4(address, 12, 0));
            }
        };
    }

    /** The dotted IPv4 address at {@code offset}; Teredo stores its client address with every bit flipped. */
    private static String ipv4(byte[] address, int offset, int xor) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            text.append(i == 0 ? "" : ".").append((address[offset + i] ^ xor) & 0xFF);
        }
        return text.toString();
    }

    private static Row row(String cidr, String kind, String name) {
        return row(cidr, Carries.NOTHING, kind, name);
    }

    private static Row row(String cidr, Carries carries, String kind, String name) {
        int slash = cidr.indexOf('/');
        return new Row(
                literal(cidr.substring(0, slash)),
                Integer.parseInt(cidr.substring(slash + 1)),
                cidr,
                kind,
                name,
                carries);
    }

    /**
     * The bytes of an IP literal, keeping IPv6 forms as 16 bytes (the JDK turns {@code ::ffff:a.b.c.d} into an IPv4
     * address). Only for literals: a host name would be looked up.
     */
    static byte[] literal(String text) {
        try {
            InetAddress address = InetAddress.getByName(text);
            if (address instanceof Inet4Address && text.contains(":")) {
                byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xFF;
                mapped[11] = (byte) 0xFF;
                System.arraycopy(address.getAddress(), 0, mapped, 12, 4);
                return mapped;
            }
            return address.getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP literal: " + text, e);
        }
    }
}
