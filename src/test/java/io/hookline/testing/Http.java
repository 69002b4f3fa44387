package io.hookline.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A plain blocking HTTP client for tests (the JDK's), so calls to Hookline go over real sockets. */
public final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    /** An answer: status, headers (lower-case names, first value) and body text. */
    public record Response(int status, Map<String, String> headers, String body) {
        public JsonObject json() {
            return new JsonObject(body);
        }

        public JsonArray jsonArray() {
            return new JsonArray(body);
        }

        public String errorCode() {
            return json().getJsonObject("error").getString("code");
        }

        public String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    private Http() {}

    public static Response send(String method, String url, String token, String contentType, byte[] body) {
        return send(method, url, token, contentType, body, Map.of());
    }

    public static Response send(
            String method, String url, String token, String contentType, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        headers.forEach(builder::header);
        try {
            HttpResponse<String> response = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            Map<String, String> answered = new java.util.HashMap<>();
            response.headers().map().forEach((k, v) -> answered.put(k.toLowerCase(), v.get(0)));
            return new Response(response.statusCode(), answered, response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + url + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static Response json(String method, String url, String token, Object body) {
        byte[] bytes = body == null ? null : body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return send(method, url, token, body == null ? null : "application/json", bytes);
    }
}
