package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.standardwebhooks.Webhook;
import io.hookline.testing.Events;
import io.hookline.testing.Http;
import io.hookline.testing.IntegrationTest;
import io.hookline.testing.NodeTools;
import io.hookline.testing.Receiver;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Verifies the example receivers of docs/examples against a live Hookline: each runs as a child process with a
 * webhook's secret, gets a real delivery, verifies its Standard Webhooks signature with its language's library, and
 * reports the exact bytes it verified — the same bytes a second webhook of the same type got on a recording
 * receiver (Hookline renders a payload once per format). A body that was changed on the way is refused with 401.
 */
class ExampleReceiversTest extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern VERIFIED =
            Pattern.compile("verified webhook-id=(\\S+) bytes=(\\d+) sha256=([0-9a-f]{64})(?: .*)?");

    @Test
    void theNodeReceiverVerifiesTheSignatureOfTheExactBytesHooklineSent() throws Exception {
        Path node = NodeTools.node();
        NodeTools.installed("docs/examples/node", "standardwebhooks/package.json");

        verifiesARealDelivery(List.of(node.toString(), "docs/examples/node/receiver.js"), "v2");
    }

    @Test
    void theJavaReceiverVerifiesTheSignatureOfTheExactBytesHooklineSent() throws Exception {
        String library = Path.of(Webhook.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .toString();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        verifiesARealDelivery(List.of(java, "-cp", library, "docs/examples/java/Receiver.java"), "legacy");
    }

    @Test
    void theNodeReceiverRefusesOddRequestsAndKeepsRunning() throws Exception {
        Path node = NodeTools.node();
        NodeTools.installed("docs/examples/node", "standardwebhooks/package.json");
        String secret =
                "whsec_" + java.util.Base64.getEncoder().encodeToString("a-test-secret-of-32-bytes-length".getBytes());
        try (ChildProcess receiver = ChildProcess.start(
                List.of(node.toString(), "docs/examples/node/receiver.js"),
                Map.of("WEBHOOK_SECRET", secret, "HOST", "127.0.0.1", "PORT", "0"))) {
            String url = receiver.awaitLine(Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+/)"))
                            .group(1)
                    + "hook";
            Webhook signer = new Webhook(secret);
            long now = System.currentTimeMillis() / 1000;

            Map<String, Integer> statuses = new java.util.LinkedHashMap<>();
            statuses.put(
                    "empty",
                    post(url, signed(signer, "evt-empty", now, ""), new byte[0]).status());
            statuses.put(
                    "not json",
                    post(url, signed(signer, "evt-text", now, "hello"), bytes("hello"))
                            .status());
            statuses.put(
                    "an array",
                    post(url, signed(signer, "evt-array", now, "[1]"), bytes("[1]"))
                            .status());
            statuses.put(
                    "garbage signature",
                    post(url, headers("evt-garbage", now, "garbage"), bytes("{}"))
                            .status());
            statuses.put(
                    "valid",
                    post(url, signed(signer, "evt-valid", now, "{\"a\":1}"), bytes("{\"a\":1}"))
                            .status());

            assertThat(statuses)
                    .containsExactly(
                            Map.entry("empty", 400),
                            Map.entry("not json", 400),
                            Map.entry("an array", 400),
                            Map.entry("garbage signature", 401),
                            Map.entry("valid", 204));
            receiver.awaitLine(
                    Pattern.compile("refused webhook-id=evt-empty: signed, but the body is not a JSON object"));
            receiver.awaitLine(Pattern.compile("refused webhook-id=evt-garbage: .+"));
            receiver.awaitLine(Pattern.compile("verified webhook-id=evt-valid bytes=7 .*"));
        }
    }

    private static JsonObject signed(Webhook signer, String id, long timestamp, String body) throws Exception {
        return headers(id, timestamp, signer.sign(id, timestamp, body));
    }

    private static JsonObject headers(String id, long timestamp, String signature) {
        return new JsonObject()
                .put("content-type", "application/json")
                .put("webhook-id", id)
                .put("webhook-timestamp", Long.toString(timestamp))
                .put("webhook-signature", signature);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void thePythonReceiverIsValidPython() throws Exception {
        // PyPI is not reachable here, so the receiver cannot run with its library; it must at least compile
        Path python = NodeTools.onPath("python3");
        assumeTrue(python != null, "python3 is not on the PATH: install Python 3 to run this test");
        Process process = new ProcessBuilder(
                        python.toString(),
                        "-c",
                        "import ast, sys; ast.parse(open(sys.argv[1]).read())",
                        "docs/examples/python/receiver.py")
                .redirectErrorStream(true)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        assertThat(Files.readString(Path.of("docs/examples/python/requirements.txt")))
                .contains("standardwebhooks==");
    }

    private void verifiesARealDelivery(List<String> command, String format) throws Exception {
        String ws = newWorkspace();
        Receiver recording = receiver();
        hookline.webhook(ws, recording.url(), "message:new", format);
        JsonObject example = hookline.webhook(ws, "http://127.0.0.1:9/not-yet", "message:new", format);
        String webhooks = "/v1/workspaces/" + ws + "/webhooks/" + example.getString("id");

        try (ChildProcess receiver = ChildProcess.start(
                command, Map.of("WEBHOOK_SECRET", example.getString("secret"), "HOST", "127.0.0.1", "PORT", "0"))) {
            Matcher listening = receiver.awaitLine(Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+/)"));
            Http.Response moved =
                    hookline.admin("PATCH", webhooks, new JsonObject().put("url", listening.group(1) + "hook"));
            assertThat(moved.status()).as(moved.body()).isEqualTo(200);

            JsonObject event = Events.message(ws, Events.uid(), "received");
            event.getJsonObject("message").put("text", "Olá 👋 — naïve “quotes” & \\ backslash");
            assertThat(hookline.postEvent(event).status()).isEqualTo(202);

            byte[] sent = recording.awaitEvent(event.getString("id"), WAIT).body();
            Matcher verified = receiver.awaitLine(VERIFIED);
            assertThat(verified.group(1)).isEqualTo(event.getString("id"));
            assertThat(Integer.parseInt(verified.group(2))).isEqualTo(sent.length);
            assertThat(verified.group(3))
                    .isEqualTo(HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(sent)));
            assertThat(receiver.lineAfter(verified.group())).isEqualTo(new String(sent, StandardCharsets.UTF_8));

            awaitCount(
                    1, "SELECT count(*) FROM attempts WHERE webhook_id = ?", UUID.fromString(example.getString("id")));
            JsonObject attempt = hookline.admin("GET", webhooks + "/log?limit=1", null)
                    .jsonArray()
                    .getJsonObject(0);
            assertThat(attempt.getBoolean("success")).isTrue();
            assertThat(attempt.getJsonObject("response").getInteger("status_code"))
                    .isEqualTo(204);

            // the same signed headers with a changed body: the example must refuse it
            JsonObject headers = attempt.getJsonObject("request").getJsonObject("headers");
            byte[] changed = new String(sent, StandardCharsets.UTF_8)
                    .replace("Olá", "Ola")
                    .getBytes(StandardCharsets.UTF_8);
            Http.Response refused = post(listening.group(1) + "hook", headers, changed);
            assertThat(refused.status()).isEqualTo(401);
            receiver.awaitLine(Pattern.compile("refused webhook-id=" + Pattern.quote(event.getString("id")) + ": .+"));
            assertThat(receiver.lines().stream().filter(l -> VERIFIED.matcher(l).lookingAt()))
                    .hasSize(1);
        }
    }

    private static Http.Response post(String url, JsonObject headers, byte[] body) throws Exception {
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body));
        for (String name : List.of("content-type", "webhook-id", "webhook-timestamp", "webhook-signature")) {
            request.header(name, headers.getString(name));
        }
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient()
                .send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        return new Http.Response(response.statusCode(), Map.of(), response.body());
    }

    /** A child process whose output lines (stdout and stderr) are collected as they come. */
    private static final class ChildProcess implements AutoCloseable {

        private final Process process;
        private final List<String> lines = new CopyOnWriteArrayList<>();

        private ChildProcess(Process process) {
            this.process = process;
            Thread reader = new Thread(
                    () -> {
                        try (BufferedReader in = new BufferedReader(
                                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                            for (String line = in.readLine(); line != null; line = in.readLine()) {
                                lines.add(line);
                            }
                        } catch (IOException ignored) {
                            // the process ended
                        }
                    },
                    "example-receiver-output");
            reader.setDaemon(true);
            reader.start();
        }

        static ChildProcess start(List<String> command, Map<String, String> env) throws IOException {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(env);
            return new ChildProcess(builder.start());
        }

        List<String> lines() {
            return List.copyOf(lines);
        }

        Matcher awaitLine(Pattern pattern) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                for (String line : lines) {
                    Matcher m = pattern.matcher(line);
                    if (m.matches()) {
                        return m;
                    }
                }
                if (!process.isAlive()
                        && lines.stream().noneMatch(l -> pattern.matcher(l).matches())) {
                    throw new AssertionError("the receiver exited with " + process.exitValue() + ": " + lines);
                }
                Receiver.sleep(20);
            }
            throw new AssertionError("no line matching " + pattern + " within " + WAIT + "; output: " + lines);
        }

        String lineAfter(String line) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                int at = lines.indexOf(line);
                if (at >= 0 && at + 1 < lines.size()) {
                    return lines.get(at + 1);
                }
                Receiver.sleep(20);
            }
            throw new AssertionError("nothing after [" + line + "]: " + lines);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
