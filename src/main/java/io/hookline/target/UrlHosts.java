package io.hookline.target;

import java.net.IDN;
import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The host of a webhook URL as DNS and the request's {@code Host} header see it. {@link URI} knows a host only when
 * it is an IP literal or a name of letters, digits, '-' and '.': it takes an internationalised name ({@code
 * bücher.example}) or one with '_' (common in internal DNS) for a registry name and reports no host. Those are hosts
 * too: an internationalised name in its ASCII (punycode) form, as browsers send it.
 */
public final class UrlHosts {

    /** What a DNS name may hold once in ASCII: '_' is not in RFC 1123's host names, but DNS serves such names. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*\\.?");

    private UrlHosts() {}

    /** {@code uri}'s host in ASCII (an IPv6 literal in brackets, as {@link URI#getHost}), or null if it has none. */
    public static String of(URI uri) {
        if (uri.getHost() != null) {
            return uri.getHost();
        }
        String authority = uri.getRawAuthority();
        if (authority == null || authority.indexOf('@') >= 0 || authority.indexOf('%') >= 0) {
            return null; // credentials are refused anyway; a %-escaped name is not worth decoding
        }
        int colon = authority.lastIndexOf(':');
        String host = colon < 0 ? authority : authority.substring(0, colon);
        if (host.isEmpty() || host.startsWith("[")) {
            return null;
        }
        try {
            String ascii = IDN.toASCII(host, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
            return NAME.matcher(ascii).matches() ? ascii : null;
        } catch (IllegalArgumentException notAName) {
            return null;
        }
    }
}
