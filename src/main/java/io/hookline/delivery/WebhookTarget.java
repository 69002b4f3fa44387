package io.hookline.delivery;

import io.hookline.target.TargetGuard;
import io.hookline.target.UrlHosts;
import io.vertx.core.Future;
import java.net.URI;
import java.util.Locale;

/**
 * A webhook URL taken apart once (not per request), and the address the private-target policy last vetted for it:
 * requests go to that address, so a second DNS answer cannot point them elsewhere (DNS rebinding). A vetted
 * address is reused for {@link #VETTED_FOR_NANOS}, then checked again.
 */
final class WebhookTarget {

    static final long VETTED_FOR_NANOS = 30_000_000_000L;

    private final String url;
    private final String host;
    private final int port;
    private final boolean ssl;
    private final String requestUri;
    private final String invalid;
    private boolean checked;
    private String vetted;
    private long vettedUntilNanos;

    private WebhookTarget(String url, String host, int port, boolean ssl, String requestUri, String invalid) {
        this.url = url;
        this.host = host;
        this.port = port;
        this.ssl = ssl;
        this.requestUri = requestUri;
        this.invalid = invalid;
    }

    static WebhookTarget of(String url) {
        try {
            // a request line is ASCII: characters beyond it go out as their UTF-8 bytes, percent-encoded
            URI given = URI.create(url);
            URI uri = URI.create(given.toASCIIString());
            boolean ssl = "https".equals(uri.getScheme().toLowerCase(Locale.ROOT));
            String host = UrlHosts.of(given); // an internationalised name in its ASCII form
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port = port(given, ssl);
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            String uriPart = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
            return new WebhookTarget(url, host, port, ssl, uriPart, null);
        } catch (RuntimeException e) {
            return new WebhookTarget(url, null, 0, false, null, "invalid URL: " + e.getMessage());
        }
    }

    /** The URL's port, or the scheme's; {@link URI#getPort} knows it only where it knows the host. */
    private static int port(URI uri, boolean ssl) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        String authority = uri.getRawAuthority();
        int colon = authority.lastIndexOf(':');
        return colon > authority.lastIndexOf(']') && colon < authority.length() - 1
                ? Integer.parseInt(authority.substring(colon + 1))
                : (ssl ? 443 : 80);
    }

    String url() {
        return url;
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    boolean ssl() {
        return ssl;
    }

    String requestUri() {
        return requestUri;
    }

    /** The vetted IP, if one was vetted lately; null when it must be (re)checked, or when connecting by name. */
    String vettedAddress(long nowNanos) {
        return checked && vetted != null && nowNanos - vettedUntilNanos < 0 ? vetted : null;
    }

    /** Checked lately and allowed to connect by name (private targets allowed): no address to wait for. */
    boolean connectsByName(long nowNanos) {
        return checked && vetted == null && nowNanos - vettedUntilNanos < 0;
    }

    /**
     * The address to connect to: the vetted IP, or null to connect by name (private targets allowed). Fails with
     * {@link TargetGuard.Refused} when the policy refuses the URL.
     */
    Future<String> address(TargetGuard policy, long nowNanos) {
        if (invalid != null) {
            return Future.failedFuture(new IllegalArgumentException(invalid));
        }
        if (checked && nowNanos - vettedUntilNanos < 0) {
            return Future.succeededFuture(vetted);
        }
        return policy.check(url).onSuccess(address -> {
            checked = true;
            vetted = address;
            vettedUntilNanos = nowNanos + VETTED_FOR_NANOS;
        });
    }
}
