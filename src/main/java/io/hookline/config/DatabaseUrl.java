package io.hookline.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A parsed {@code postgresql://user:password@host:port/database} URL. Both the reactive client and the JDBC
 * driver used for migrations are configured from it, so they always reach the same database.
 */
public record DatabaseUrl(String host, int port, String user, String password, String database) {

    public static DatabaseUrl parse(String url) {
        if (url == null || !(url.startsWith("postgresql://") || url.startsWith("postgres://"))) {
            throw new IllegalArgumentException("it must start with postgresql://");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            // not e.getMessage(): it quotes the whole URL, password included
            throw new IllegalArgumentException("it is not a valid URL (" + e.getReason() + " at index " + e.getIndex()
                    + "); percent-encode special characters in the user and password");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("it has no host");
        }
        int port = uri.getPort() == -1 ? 5432 : uri.getPort();
        String user = "postgres";
        String password = null;
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
        }
        refuseParameters(uri.getRawQuery());
        String path = uri.getPath();
        String database = path == null || path.length() <= 1 ? "hookline" : path.substring(1);
        if (database.contains("/")) {
            throw new IllegalArgumentException("the database name must not contain '/'");
        }
        return new DatabaseUrl(host, port, user, password, database);
    }

    /**
     * Connection parameters are not passed on to either client, so any but an explicit plain connection is refused
     * rather than ignored: {@code ?sslmode=require} connected in plain text without a word (review).
     */
    private static void refuseParameters(String query) {
        if (query == null) {
            return;
        }
        for (String parameter : query.split("&")) {
            if (parameter.isEmpty() || parameter.equals("sslmode=disable")) {
                continue;
            }
            String name = parameter.contains("=") ? parameter.substring(0, parameter.indexOf('=')) : parameter;
            throw refused(name);
        }
    }

    private static IllegalArgumentException refused(String name) {
        return new IllegalArgumentException("it has connection parameters ('" + decode(name) + "'), which Hookline does"
                + " not support: it connects without TLS (only ?sslmode=disable is accepted); leave them out");
    }

    public DatabaseUrl withDatabase(String otherDatabase) {
        return new DatabaseUrl(host, port, user, password, otherDatabase);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/" + database;
    }

    /** The URL without its password, safe for logs. */
    public String redacted() {
        return "postgresql://" + user + (password == null ? "" : ":***") + "@" + host + ":" + port + "/" + database;
    }

    /** Percent-decoding as in URIs: unlike form decoding, '+' stays '+'. */
    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
