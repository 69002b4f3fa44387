// A Hookline webhook receiver that checks every request with the Standard Webhooks Java library
// (Maven Central: com.standardwebhooks:standardwebhooks:1.0.1, no dependencies) before it trusts the body.
// One file, no build: Java 17+ runs it from source.
//
//   mvn -q dependency:copy -Dartifact=com.standardwebhooks:standardwebhooks:1.0.1 -DoutputDirectory=target/examples
//   WEBHOOK_SECRET='whsec_...' PORT=9000 java -cp target/examples/standardwebhooks-1.0.1.jar docs/examples/java/Receiver.java
//
// WEBHOOK_SECRET is the `secret` Hookline returned when the webhook was created
// (or GET /v1/workspaces/{ws}/webhooks/{id}/secret). HOST defaults to 127.0.0.1; PORT 0 picks a free port.
// Each verified request prints one line `verified webhook-id=... bytes=... sha256=...` followed by the body
// exactly as received; a request whose signature does not verify gets 401. The JDK has no JSON parser: parse the
// verified body with your own JSON library (Hookline always sends a JSON object).

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

public class Receiver {

  public static void main(String[] args) throws Exception {
    String host = System.getenv().getOrDefault("HOST", "127.0.0.1");
    int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "9000"));
    String secret = System.getenv("WEBHOOK_SECRET");
    if (secret == null || secret.isBlank()) {
      System.err.println("Set WEBHOOK_SECRET to the webhook's whsec_... secret.");
      System.exit(2);
    }
    Webhook webhook = new Webhook(secret);
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
    server.createContext("/", exchange -> handle(webhook, exchange));
    server.start();
    System.out.println("listening on http://" + host + ":" + server.getAddress().getPort() + "/");
  }

  private static void handle(Webhook webhook, HttpExchange exchange) throws IOException {
    // Verify the exact bytes that arrived, before parsing them: re-serialized JSON would not match the signature.
    byte[] body = exchange.getRequestBody().readAllBytes();
    Map<String, java.util.List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.putAll(exchange.getRequestHeaders());
    String id = exchange.getRequestHeaders().getFirst("webhook-id");
    try {
      // checks webhook-id, webhook-timestamp (5 minutes) and webhook-signature
      webhook.verify(new String(body, StandardCharsets.UTF_8), HttpHeaders.of(headers, (name, value) -> true));
    } catch (WebhookVerificationException e) {
      System.out.println("refused webhook-id=" + id + ": " + e.getMessage());
      answer(exchange, 401, "signature does not verify\n");
      return;
    }
    System.out.println("verified webhook-id=" + id + " bytes=" + body.length + " sha256=" + sha256(body));
    System.out.println(new String(body, StandardCharsets.UTF_8));
    // Hookline never resends: answer 2xx at once, and de-duplicate on webhook-id if you store events.
    exchange.sendResponseHeaders(204, -1);
    exchange.close();
  }

  private static void answer(HttpExchange exchange, int status, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("content-type", "text/plain");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
