package io.hookline.target;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * Which webhook URLs may be called: absolute http(s), at most 2048 characters, no credentials, and — unless
 * {@code HOOKLINE_ALLOW_PRIVATE_TARGETS} — no host that is or resolves to a loopback, private, link-local,
 * multicast or otherwise non-public address (SSRF protection). Checked when a webhook is saved and again before
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
    if (uri.getRawUserInfo() != null) {
      return "url must not contain credentials (user:password@); put secrets in the path or query instead";
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      return "url has no valid host";
    }
    if (uri.getFragment() != null) {
      return "url must not contain a fragment (#...)";
    }
    return null;
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
    String host = URI.create(url).getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    String finalHost = host;
    return resolveAll(host).recover(err -> Future.failedFuture(new Refused("url host '" + finalHost
            + "' could not be resolved: " + err.getMessage())))
        .compose(addresses -> {
          for (InetAddress address : addresses) {
            String kind = nonPublicKind(address);
            if (kind != null) {
              return Future.failedFuture(new Refused("url host '" + finalHost + "' resolves to " + kind + " address "
                  + address.getHostAddress() + ", which is refused (HOOKLINE_ALLOW_PRIVATE_TARGETS is false)"));
            }
          }
          return Future.succeededFuture(addresses.get(0).getHostAddress());
        });
  }

  private Future<List<InetAddress>> resolveAll(String host) {
    Promise<List<InetSocketAddress>> promise = Promise.promise();
    ((VertxInternal) vertx).nameResolver().resolveAll(host, promise::handle);
    return promise.future().map(list -> list.stream().map(InetSocketAddress::getAddress).toList());
  }

  /** A short name for the class of a non-public address, or null when the address is public. */
  public static String nonPublicKind(InetAddress address) {
    if (address.isAnyLocalAddress()) {
      return "an unspecified";
    }
    if (address.isLoopbackAddress()) {
      return "a loopback";
    }
    if (address.isLinkLocalAddress()) {
      return "a link-local";
    }
    if (address.isMulticastAddress()) {
      return "a multicast";
    }
    if (address.isSiteLocalAddress()) {
      return "a private";
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      int first = b[0] & 0xFF;
      int second = b[1] & 0xFF;
      if (first == 0 || first >= 240) {
        return "a reserved";
      }
      if (first == 100 && second >= 64 && second <= 127) {
        return "a carrier-grade NAT";
      }
      if (first == 198 && (second == 18 || second == 19)) {
        return "a benchmarking";
      }
      if (first == 192 && second == 0 && (b[2] & 0xFF) == 0) {
        return "a reserved";
      }
      return null;
    }
    if (address instanceof Inet6Address) {
      if ((b[0] & 0xFE) == 0xFC) {
        return "a unique-local (private)";
      }
      if (isEmbeddedIpv4(b)) {
        try {
          InetAddress embedded = InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
          return nonPublicKind(embedded);
        } catch (java.net.UnknownHostException e) {
          return "a malformed";
        }
      }
    }
    return null;
  }

  /** IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) addresses carry an IPv4 target. */
  private static boolean isEmbeddedIpv4(byte[] b) {
    boolean zeroPrefix = true;
    for (int i = 0; i < 12; i++) {
      zeroPrefix &= b[i] == 0;
    }
    boolean nat64 = b[0] == 0 && b[1] == 0x64 && (b[2] & 0xFF) == 0xFF && (b[3] & 0xFF) == 0x9B;
    for (int i = 4; i < 12 && nat64; i++) {
      nat64 = b[i] == 0;
    }
    return zeroPrefix || nat64;
  }
}
