package io.hookline;

import static io.hookline.testing.OpenApiDocument.escape;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.hookline.testing.Events;
import io.hookline.testing.Http;
import io.hookline.testing.IntegrationTest;
import io.hookline.testing.OpenApiDocument;
import io.hookline.testing.Receiver;
import io.hookline.testing.StandardWebhooksVerifier;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Verifies that what Hookline really sends matches the OpenAPI {@code webhooks} section: real events posted through
 * ingest, one per event type and format, reach a real loopback receiver, and each body validates against the
 * documented payload schema and each request header against its documented header schema.
 */
class WebhookPayloadSchemaTest extends IntegrationTest {

    private static final OpenApiDocument DOC = OpenApiDocument.load();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void realPayloadsAndHeadersOfEveryEventTypeAndFormatMatchTheWebhooksSection() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        // every event type in v2, and the three message types in legacy too: ten webhooks, the default maximum
        Map<String, String> secrets = new HashMap<>();
        for (String type : List.of(
                "message:new",
                "message:sent:new",
                "message:received:new",
                "call:incoming:missed",
                "call:incoming:ended",
                "call:outgoing:ended",
                "message:reaction")) {
            secrets.put(
                    path(type, "v2"),
                    hookline.webhook(ws, receiver.url(path(type, "v2")), type).getString("secret"));
        }
        for (String type : List.of("message:new", "message:sent:new", "message:received:new")) {
            secrets.put(
                    path(type, "legacy"),
                    hookline.webhook(ws, receiver.url(path(type, "legacy")), type, "legacy")
                            .getString("secret"));
        }

        String uid = Events.uid();
        JsonObject fullMessage = Events.message(ws, uid, "sent");
        fullMessage
                .getJsonObject("message")
                .put("reply_to_uid", "earlier-uid")
                .put(
                        "attachments",
                        new JsonArray()
                                .add(new JsonObject()
                                        .put("download_url", "https://files.example.test/a.pdf")
                                        .put("filename", "a.pdf")
                                        .put("size", 1234)
                                        .put("mimetype", "application/pdf"))
                                .add(new JsonObject().put("download_url", "https://files.example.test/b.ogg")));
        JsonObject bareMessage = new JsonObject()
                .put("id", "msg-" + Events.uid())
                .put("workspace_id", ws)
                .put("type", "message")
                .put("chat", new JsonObject().put("chat_id", 42).put("chat_type", "group"))
                .put(
                        "message",
                        new JsonObject()
                                .put("message_uid", Events.uid())
                                .put("direction", "received")
                                .put("timestamp", "2026-05-24T10:35:18Z"));
        JsonObject answered = Events.call(ws, "incoming", "Answered");
        answered.getJsonObject("call").put("duration", 42).put("is_video", true);
        JsonObject declinedOutgoing = Events.call(ws, "outgoing", "Declined");
        declinedOutgoing.getJsonObject("chat").put("chat_type", "group").put("platform", "waba");
        JsonObject unattributedClear = Events.reaction(ws, uid, "clear", "👍", null);
        // a clear sent without its emoji, as WhatsApp reports one: the payload says "emoji": null
        JsonObject clearWithoutEmoji = Events.reaction(ws, uid, "clear", null, Events.person("Ann", "+15550000001"));
        clearWithoutEmoji.getJsonObject("reaction").remove("emoji");
        List<JsonObject> events = List.of(
                fullMessage,
                bareMessage,
                Events.call(ws, "incoming", "Missed"),
                answered,
                declinedOutgoing,
                Events.reaction(ws, uid, "set", "👍", Events.person("Ann", "+15550000001")),
                unattributedClear,
                clearWithoutEmoji);
        for (JsonObject event : events) {
            Http.Response r = hookline.postEvent(event);
            assertThat(r.status()).as(r.body()).isEqualTo(202);
        }

        // 4 webhooks get each message (v2 and legacy, message:new and the direction's own type), 1 each other event
        List<Receiver.Request> requests = receiver.await(14, WAIT);
        Map<String, List<String>> failures = new LinkedHashMap<>();
        Map<String, Integer> perWebhook = new HashMap<>();
        for (Receiver.Request request : requests) {
            String[] parts = request.path().substring(1).split("/");
            String type = parts[0].replace('-', ':');
            List<String> problems = new ArrayList<>(bodyProblems(type, parts[1], request));
            problems.addAll(headerProblems(type, request));
            if (!new StandardWebhooksVerifier(secrets.get(request.path()))
                    .verify(
                            request.header("webhook-id"),
                            request.header("webhook-timestamp"),
                            request.header("webhook-signature"),
                            request.body())) {
                problems.add("signature does not verify");
            }
            if (!problems.isEmpty()) {
                failures.put(request.path() + " " + request.bodyText(), problems);
            }
            perWebhook.merge(request.path(), 1, Integer::sum);
        }

        assertThat(failures)
                .as("requests that do not match the OpenAPI webhooks section")
                .isEmpty();
        assertThat(perWebhook).containsOnlyKeys(secrets.keySet());
        assertThat(perWebhook.get(path("message:new", "v2"))).isEqualTo(2);
        assertThat(perWebhook.get(path("message:new", "legacy"))).isEqualTo(2);
        assertThat(perWebhook.get(path("message:reaction", "v2"))).isEqualTo(3);
    }

    /** The body against the documented schema of its webhook, and against the schema of its own format. */
    private static List<String> bodyProblems(String type, String format, Receiver.Request request) {
        JsonNode body = OpenApiDocument.json(request.bodyText());
        String media = "/webhooks/" + escape(type) + "/post/requestBody/content/application~1json";
        List<String> problems = new ArrayList<>(DOC.validate(media + "/schema", body));
        String formatSchema = format.equals("legacy")
                ? "MessageLegacyPayload"
                : type.startsWith("message:") && !type.equals("message:reaction")
                        ? "MessageV2Payload"
                        : type.startsWith("call:") ? "CallPayload" : "ReactionPayload";
        problems.addAll(DOC.validate("/components/schemas/" + formatSchema, body));
        return problems;
    }

    /** Each documented header parameter is present and valid; content-type is the documented media type. */
    private static List<String> headerProblems(String type, Receiver.Request request) {
        JsonNode post = DOC.at("/webhooks/" + escape(type) + "/post");
        List<String> problems = new ArrayList<>();
        int documented = 0;
        for (JsonNode ref : post.get("parameters")) {
            JsonNode parameter = DOC.resolve(ref);
            assertThat(parameter.get("in").asText()).isEqualTo("header");
            String value = request.header(parameter.get("name").asText());
            if (value == null) {
                problems.add("missing header " + parameter.get("name").asText());
                continue;
            }
            documented++;
            String schema = ref.get("$ref").asText().substring(1) + "/schema";
            DOC.validate(schema, TextNode.valueOf(value))
                    .forEach(e -> problems.add(parameter.get("name").asText() + ": " + e));
        }
        if (documented < 4) {
            problems.add("only " + documented + " documented headers were checked");
        }
        if (!post.at("/requestBody/content").has(request.header("content-type"))) {
            problems.add("content-type " + request.header("content-type") + " is not a documented media type");
        }
        return problems;
    }

    @Test
    void theHttpLayerRefusalsDocumentedForTokenFreeEndpointsAreReal() throws Exception {
        // '4XX' on /health, /ready, /metrics and /openapi.yaml: 414 for a request line over 4096 bytes, 431 for
        // headers over 8 KiB, each with the documented error body
        HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (String path : List.of("/health", "/ready", "/metrics", "/openapi.yaml")) {
            HttpResponse<String> longLine = client.send(
                    HttpRequest.newBuilder(URI.create(hookline.adminUrl(path + "?q=" + "a".repeat(5000))))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> bigHeaders = client.send(
                    HttpRequest.newBuilder(URI.create(hookline.adminUrl(path)))
                            .header("X-Big", "a".repeat(9000))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(longLine.statusCode()).as(path).isEqualTo(414);
            assertThat(bigHeaders.statusCode()).as(path).isEqualTo(431);
            for (HttpResponse<String> refused : List.of(longLine, bigHeaders)) {
                JsonNode body = OpenApiDocument.json(refused.body());
                assertThat(DOC.validate(
                                "/components/responses/HttpLayerRefused/content/application~1json/schema", body))
                        .as(path + " " + refused.body())
                        .isEmpty();
                assertThat(DOC.at("/components/responses/HttpLayerRefused/description")
                                .asText()
                                .replaceAll("\\s+", " "))
                        .contains(refused.statusCode() + " `"
                                + body.at("/error/code").asText() + "`");
            }
        }
        assertThat(DOC.at("/paths/~1health/get/responses/4XX/$ref").asText())
                .isEqualTo("#/components/responses/HttpLayerRefused");
    }

    private static String path(String type, String format) {
        return "/" + type.replace(':', '-') + "/" + format;
    }
}
