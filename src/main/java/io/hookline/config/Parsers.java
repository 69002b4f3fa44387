package io.hookline.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** The parsers settings use; each refuses a bad value with one line naming the setting and the rule. */
final class Parsers {

    private static final Pattern HOST = Pattern.compile(
            "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*"
                    + "|[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*(%[A-Za-z0-9_.-]+)?");

    private static final Pattern MAIL_ADDRESS = Pattern.compile("[^\\s@<>,;]+@[^\\s@<>,;]+");

    private Parsers() {}

    static String string(Object raw, Setting<String> s) {
        if (raw instanceof String str) {
            return str;
        }
        throw s.invalid("a string", raw);
    }

    static int integer(Object raw, Setting<Integer> s, long min, long max, String rule) {
        Long value = null;
        if (raw instanceof Integer || raw instanceof Long) {
            value = ((Number) raw).longValue();
        } else if (raw instanceof String str) {
            try {
                value = Long.parseLong(str.trim());
            } catch (NumberFormatException e) {
                throw s.invalid("a whole number", str);
            }
        }
        if (value == null) {
            throw s.invalid("a whole number", raw);
        }
        if (value < min) {
            throw s.invalid(rule, value);
        }
        if (value > max) { // say the bound that was passed, not only the rule's lower end ("greater than 0")
            throw s.invalid(rule.contains(" and ") ? rule : rule + ", at most " + max, value);
        }
        return value.intValue();
    }

    /** A port to connect to: 0 ("any free port") only makes sense for a listener. */
    static int remotePort(Object raw, Setting<Integer> s) {
        return integer(raw, s, 1, 65535, "a port between 1 and 65535");
    }

    /** A sender address, alone or as {@code Name <address>}. */
    static String mailAddress(Object raw, Setting<String> s) {
        String value = string(raw, s).strip();
        int open = value.lastIndexOf('<');
        String address = open >= 0 && value.endsWith(">") ? value.substring(open + 1, value.length() - 1) : value;
        if (!MAIL_ADDRESS.matcher(address).matches()) {
            throw s.invalid("a mail address such as hookline@example.com or Hookline <hookline@example.com>", value);
        }
        return value;
    }

    /**
     * A bearer token as configured: it is compared as sent in a header, so it is printable ASCII without spaces (a
     * token with other characters started, then no request could ever present it: review).
     */
    static String token(Object raw, Setting<String> s) {
        String value = string(raw, s);
        if (!presentable(value)) {
            throw s.invalid("a token of printable ASCII characters without spaces", "…");
        }
        return value;
    }

    static List<String> tokens(Object raw, Setting<List<String>> s) {
        List<String> values = list(raw, s);
        if (values.isEmpty() && !((String) raw).isBlank()) { // "," or "$EMPTY," switched producers to a generated token
            throw s.invalid("at least one token; leave it unset to have one generated", raw);
        }
        if (!values.stream().allMatch(Parsers::presentable)) {
            throw s.invalid("comma-separated tokens of printable ASCII characters without spaces", "…");
        }
        return values;
    }

    private static boolean presentable(String token) {
        return token.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    /**
     * An instance's lease: its heartbeat is written every second, so a lease shorter than one and a half heartbeats
     * let live instances take over each other's work and send it twice (review: 500 ms).
     */
    static int instanceLease(Object raw, Setting<Integer> s) {
        return integer(raw, s, 1500, Integer.MAX_VALUE, "at least 1500 (the heartbeat is written every 1000 ms)");
    }

    static int port(Object raw, Setting<Integer> s) {
        return integer(raw, s, 0, 65535, "a port between 0 and 65535");
    }

    static int positive(Object raw, Setting<Integer> s) {
        return integer(raw, s, 1, Integer.MAX_VALUE, "greater than 0");
    }

    static int nonNegative(Object raw, Setting<Integer> s) {
        return integer(raw, s, 0, Integer.MAX_VALUE, "0 or more");
    }

    /**
     * Each event loop is a thread with its own database pool of at least two connections: a thousand of them took
     * every connection a default PostgreSQL server has and never came up.
     */
    static int eventLoops(Object raw, Setting<Integer> s) {
        return integer(raw, s, 0, 256, "0 (one per core) or more");
    }

    static boolean bool(Object raw, Setting<Boolean> s) {
        if (raw instanceof Boolean b) {
            return b;
        }
        if (raw instanceof String str && (str.equalsIgnoreCase("true") || str.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(str);
        }
        throw s.invalid("true or false", raw);
    }

    /** In any case, as booleans are ({@code EPOLL} was refused while {@code TRUE} was taken); the value in lower case. */
    static Setting.Parser<String> oneOf(String... allowed) {
        return (raw, s) -> {
            String value = string(raw, s);
            String lower = value.toLowerCase(java.util.Locale.ROOT);
            if (!Arrays.asList(allowed).contains(lower)) {
                throw s.invalid("one of " + String.join(", ", allowed), value);
            }
            return lower;
        };
    }

    /** Comma-separated, trimmed, empty entries dropped. */
    static List<String> list(Object raw, Setting<List<String>> s) {
        if (!(raw instanceof String str)) {
            throw s.invalid("a comma-separated string", raw);
        }
        return Arrays.stream(str.split(","))
                .map(String::trim)
                .filter(t -> !t.isEmpty())
                .toList();
    }

    /** Empty (no mail), or a host name or IP address: not resolved here, the server may come up later (review). */
    static String mailHost(Object raw, Setting<String> s) {
        String host = string(raw, s).trim();
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!host.isEmpty() && !HOST.matcher(bare).matches()) {
            throw s.invalid("a host name or IP address such as smtp.example.com (no port: see smtp_port)", host);
        }
        return host;
    }

    /** An IP address or host name to bind to; IPv6 may come in brackets. */
    static String bindAddress(Object raw, Setting<String> s) {
        String address = string(raw, s).strip();
        if (address.startsWith("[") && address.endsWith("]")) {
            address = address.substring(1, address.length() - 1);
        }
        if (!HOST.matcher(address).matches()) {
            throw new ConfigException(
                    s.describe() + " must be an IP address of this machine or a host name, e.g. 0.0.0.0 "
                            + "(all IPv4 interfaces), :: (all interfaces) or 127.0.0.1, got '" + address + "'");
        }
        try {
            InetAddress.getByName(address); // before a database is started or migrated, not when the listeners open
        } catch (UnknownHostException e) {
            throw new ConfigException(s.describe() + " must be an address of this machine, e.g. 0.0.0.0 (all IPv4 "
                    + "interfaces) or 127.0.0.1, got '" + address + "', which does not resolve");
        }
        return address;
    }

    /**
     * Empty, or an absolute {@code http}/{@code https} URL with a host and no query, fragment or credentials; a path
     * (a reverse proxy's prefix) is allowed. Returned without its trailing slash, so links append {@code /v1/...}.
     */
    static String publicUrl(Object raw, Setting<String> s) {
        return httpUrl(raw, s, "https://hookline.example.com");
    }

    /** An OpenTelemetry collector's OTLP/HTTP address, by the same rules as {@link #publicUrl}. */
    static String otlpEndpoint(Object raw, Setting<String> s) {
        return httpUrl(raw, s, "http://localhost:4318");
    }

    private static String httpUrl(Object raw, Setting<String> s, String example) {
        String value = string(raw, s).strip();
        if (value.isEmpty()) {
            return value;
        }
        java.net.URI uri;
        try {
            uri = new java.net.URI(value);
        } catch (java.net.URISyntaxException e) {
            throw s.invalid("an absolute http or https URL such as " + example, value);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https"))
                || uri.getHost() == null
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null
                || uri.getRawUserInfo() != null
                || uri.getPort() == 0
                || uri.getPort() > 65535) {
            throw s.invalid(
                    "an absolute http or https URL with a host, a port from 1 to 65535 if any, and no query, fragment"
                            + " or user, such as " + example,
                    value);
        }
        // HTTP://… is the same URL; the clients that take it want the scheme in lower case
        return scheme + value.substring(uri.getScheme().length()).replaceAll("/+$", "");
    }

    static String nonBlank(Object raw, Setting<String> s) {
        String value = string(raw, s).strip();
        if (value.isEmpty()) {
            throw s.invalid("a non-empty path", raw);
        }
        return value;
    }

    /** Empty (unset: the embedded server) or a PostgreSQL URL. */
    static String optionalDatabaseUrl(Object raw, Setting<String> s) {
        String url = string(raw, s).strip();
        return url.isEmpty() ? url : databaseUrl(url, s);
    }

    static String databaseUrl(Object raw, Setting<String> s) {
        String url = string(raw, s);
        try {
            DatabaseUrl.parse(url);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(s.describe() + " is not a PostgreSQL URL like "
                    + "postgresql://user:password@host:5432/database: " + e.getMessage());
        }
        return url;
    }
}
