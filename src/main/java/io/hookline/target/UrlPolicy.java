package io.hookline.target;

import io.hookline.event.Texts;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * Which webhook URLs may be called: absolute http(s), at most 2048 characters, no credentials, no IPv6 zone id, a
 * port in 1..65535, and — unless {@code HOOKLINE_ALLOW_PRIVATE_TARGETS} — no host that is or resolves to an address
 * {@link SpecialPurposeAddresses} refuses (SSRF protection). Checked when a webhook is saved and again before
 * every request, with the same resolver the HTTP client uses.
 */
public final class UrlPolicy implements TargetGuard {

    public static final int MAX_LENGTH = 2048;

    private final Vertx vertx;
    private final boolean allowPrivate;

    public UrlPolicy(Vertx vertx, boolean allowPrivate) {
        this.vertx = vertx;
        this.allowPrivate = allowPrivate;
    }

    /** The first syntax rule the URL breaks, or null when it is well-formed. */
    public static String syntaxProblem(String url) {
        if (url == null || url.isBlank()) {
            return "url is required";
        }
        if (url.length() > MAX_LENGTH) {
            return "url must be at most " + MAX_LENGTH + " characters";
        }
        String unstorable = Texts.unstorable(url); // an unpaired surrogate would be stored as "?": another URL
        if (unstorable != null && url.indexOf('\u0000') < 0) { // NUL is the URL parser's to name, as before
            return "url " + unstorable;
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "url is not a valid URL: " + e.getMessage();
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || scheme == null) {
            return "url must be absolute, starting with http:// or https://";
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "url must use http or https, not " + scheme;
        }
        String authorityProblem = authorityProblem(uri);
        if (authorityProblem != null) {
            return authorityProblem;
        }
        if (uri.getFragment() != null) {
            return "url must not contain a fragment (#...)";
        }
        return null;
    }

    /** The first rule the part between "//" and the path breaks: credentials, port, host, zone id. */
    private static String authorityProblem(URI uri) {
        if (uri.getRawUserInfo() != null) {
            return "url must not contain credentials (user:password@); put secrets in the path or query instead";
        }
        String portProblem = portProblem(uri);
        if (portProblem != null) {
            return portProblem;
        }
        String host = UrlHosts.of(uri);
        if (host == null || host.isEmpty()) {
            return "url has no valid host";
        }
        if (host.indexOf('%') >= 0) {
            // A zone id names a local interface: it only makes sense for link-local targets, and it hid loopback,
            // private and metadata addresses from the checks below (issue 8). Refused whatever the private-target
            // policy.
            return "url must not contain an IPv6 zone id (the '%...' part of '" + host + "')";
        }
        return null;
    }

    /**
     * A port outside 1..65535 cannot be connected to; port 0 and overflowing numbers are refused before the URI class
     * gives up on the authority (which it does silently above 2^31, reporting no host at all).
     */
    private static String portProblem(URI uri) {
        String authority = uri.getRawAuthority();
        if (authority == null) {
            return null;
        }
        int colon = authority.lastIndexOf(':');
        if (colon < 0 || colon < authority.lastIndexOf(']')) {
            return null;
        }
        String port = authority.substring(colon + 1);
        if (port.isEmpty()) {
            return null; // "host:" means the scheme's default port (RFC 3986 section 3.2.3)
        }
        boolean inRange = port.length() <= 5
                && port.chars().allMatch(Character::isDigit)
                && Integer.parseInt(port) >= 1
                && Integer.parseInt(port) <= 65535;
        return inRange ? null : "url port must be a number from 1 to 65535 (got '" + port + "')";
    }

    /**
     * Fails with {@link TargetGuard.Refused} saying which rule the URL breaks. When host names are checked, yields
     * the vetted address the request must go to: connecting by name would resolve again, and a second answer (DNS
     * rebinding) could point somewhere private.
     */
    @Override
    public Future<String> check(String url) {
        String problem = syntaxProblem(url);
        if (problem != null) {
            return Future.failedFuture(new Refused(problem));
        }
        if (allowPrivate) {
            return Future.succeededFuture(null);
        }
        String host = UrlHosts.of(URI.create(url));
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String finalHost = host;
        return resolveAll(host)
                .recover(err -> Future.failedFuture(new Refused("url host '" + finalHost + "' could not be resolved: "
                        // the resolver's message ends in a space ("after 2 queries "), before our period
                        + String.valueOf(err.getMessage()).strip())))
                .compose(addresses -> {
                    for (InetAddress address : addresses) {
                        SpecialPurposeAddresses.Refusal refusal = SpecialPurposeAddresses.refusal(address);
                        if (refusal != null) {
                            return Future.failedFuture(new Refused("url host '" + finalHost + "' resolves to "
                                    + refusal.describe(address.getHostAddress())
                                    + ", which is refused (HOOKLINE_ALLOW_PRIVATE_TARGETS is false)"));
                        }
                    }
                    return Future.succeededFuture(addresses.get(0).getHostAddress());
                });
    }

    private Future<List<InetAddress>> resolveAll(String host) {
        Promise<List<InetSocketAddress>> promise = Promise.promise();
        ((VertxInternal) vertx).nameResolver().resolveAll(host, promise::handle);
        return promise.future()
                .map(list -> list.stream().map(InetSocketAddress::getAddress).toList());
    }

    /** A short name for the class of a non-public address ("a loopback"), or null when it is globally reachable. */
    public static String nonPublicKind(InetAddress address) {
        SpecialPurposeAddresses.Refusal refusal = SpecialPurposeAddresses.refusal(address);
        return refusal == null ? null : refusal.kind();
    }
}
