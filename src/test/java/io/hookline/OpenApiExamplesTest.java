package io.hookline;

import static io.hookline.testing.OpenApiDocument.escape;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookline.event.WebhookEventType;
import io.hookline.testing.OpenApiDocument;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Verifies that every example in the OpenAPI document validates against the schema it illustrates (JSON Schema
 * 2020-12, as OpenAPI 3.1 defines), and that the {@code webhooks} section describes every webhook event type
 * in each format it can be sent in, with the seed documents' examples.
 */
class OpenApiExamplesTest {

    private static final OpenApiDocument DOC = OpenApiDocument.load();
    private static final String JSON_BODY = "/requestBody/content/application~1json";

    @Test
    void everyExampleValidatesAgainstItsSchema() {
        Map<String, JsonNode> examples = new LinkedHashMap<>();
        collectExamples(DOC.root(), "", examples);
        Map<String, List<String>> failures = new LinkedHashMap<>();
        examples.forEach((where, value) -> {
            String schemaPointer = where.substring(0, where.indexOf("|")) + "/schema";
            List<String> errors = DOC.validate(schemaPointer, value);
            if (!errors.isEmpty()) {
                failures.put(where, errors);
            }
        });

        assertThat(failures).as("examples that do not match their schema").isEmpty();
        assertThat(examples.keySet())
                .as("examples in the document")
                .hasSizeGreaterThan(60)
                .anyMatch(k -> k.startsWith("/paths/~1v1~1events/post/requestBody"))
                .anyMatch(k -> k.startsWith("/paths/~1v1~1events/post/responses/202"))
                .anyMatch(k -> k.startsWith("/components/responses/ValidationFailed"))
                .anyMatch(k -> k.startsWith("/components/parameters/webhookSignature"));
    }

    @Test
    void everyOperationHasAnExampleForItsJsonBodies() {
        List<String> missing = new ArrayList<>();
        for (String section : List.of("paths", "webhooks")) {
            DOC.root()
                    .get(section)
                    .fields()
                    .forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
                        JsonNode operation = op.getValue();
                        if (!operation.has("operationId")) {
                            return;
                        }
                        String where = "/" + section + "/" + escape(path.getKey()) + "/" + op.getKey();
                        JsonNode request = operation.at(JSON_BODY);
                        if (!request.isMissingNode() && !request.has("examples")) {
                            missing.add(where + " request");
                        }
                        operation.get("responses").fields().forEachRemaining(r -> {
                            JsonNode media = DOC.resolve(r.getValue()).at("/content/application~1json");
                            if (!media.isMissingNode() && !media.has("examples")) {
                                missing.add(where + " response " + r.getKey());
                            }
                        });
                    }));
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void theWebhooksSectionDescribesEveryEventTypeInEveryFormatWithTheSeedExamples() {
        JsonNode webhooks = DOC.root().get("webhooks");
        List<String> names = new ArrayList<>();
        webhooks.fieldNames().forEachRemaining(names::add);
        assertThat(names)
                .containsExactlyInAnyOrder(java.util.Arrays.stream(WebhookEventType.values())
                        .map(WebhookEventType::wire)
                        .toArray(String[]::new));

        for (WebhookEventType type : WebhookEventType.values()) {
            String post = "/webhooks/" + escape(type.wire()) + "/post";
            JsonNode examples = DOC.at(post + JSON_BODY + "/examples");
            assertThat(examples.size()).as(type.wire() + " examples").isPositive();
            boolean anyV2 = false;
            boolean anyLegacy = false;
            for (Iterator<JsonNode> it = examples.elements(); it.hasNext(); ) {
                JsonNode value = DOC.resolve(it.next()).get("value");
                assertThat(DOC.validate(post + JSON_BODY + "/schema", value))
                        .as(type.wire())
                        .isEmpty();
                anyV2 |= DOC.validate(v2Schema(type), value).isEmpty();
                anyLegacy |= DOC.validate("/components/schemas/MessageLegacyPayload", value)
                        .isEmpty();
            }
            assertThat(anyV2).as(type.wire() + " has a v2 example").isTrue();
            assertThat(anyLegacy)
                    .as(type.wire() + " has a legacy example exactly when it is a message type")
                    .isEqualTo(type.isMessageType());
            assertThat(DOC.at(post + "/operationId").isTextual()).isTrue();
        }

        assertThat(example("CallIncomingMissedPayload")).isEqualTo(resource("call-incoming-missed.seed.json"));
        assertThat(example("ReactionPayload")).isEqualTo(resource("message-reaction.seed.json"));
        assertThat(example("MessageLegacyPayload")).isEqualTo(resource("message-legacy.seed.json"));
        assertThat(example("MessageV2Payload")).isEqualTo(resource("message-v2.expected.json"));
    }

    @Test
    void thePayloadSchemasAreStrictEnoughToCatchAWrongPayload() {
        String missed = "/webhooks/call:incoming:missed/post" + JSON_BODY + "/schema";
        JsonNode seed = resource("call-incoming-missed.seed.json");
        assertThat(DOC.validate(missed, seed)).isEmpty();

        ObjectNode noDuration = seed.deepCopy();
        ((ObjectNode) noDuration.get("call_details")).remove("duration");
        ObjectNode withIsGroup = seed.deepCopy();
        ((ObjectNode) withIsGroup.get("chat")).put("is_group", false);
        ObjectNode answered = seed.deepCopy();
        ((ObjectNode) answered.get("call_details")).put("status", "Answered");
        ObjectNode isoTime = seed.deepCopy();
        ((ObjectNode) isoTime.get("call_details")).put("timestamp", "2026-05-24T10:35:18+02:00");
        ObjectNode wrongType = ((ObjectNode) seed.deepCopy()).put("event_type", "call:incoming:ended");

        for (JsonNode wrong : List.of(noDuration, withIsGroup, answered, isoTime, wrongType)) {
            assertThat(DOC.validate(missed, wrong)).as(wrong.toString()).isNotEmpty();
        }
        ObjectNode countAsNumber = resource("message-reaction.seed.json").deepCopy();
        ((ObjectNode) countAsNumber.get("reaction").get("reactions")).put("👍", 2);
        assertThat(DOC.validate("/webhooks/message:reaction/post" + JSON_BODY + "/schema", countAsNumber))
                .isNotEmpty();
        ObjectNode legacyAsSent = resource("message-legacy.seed.json").deepCopy();
        assertThat(DOC.validate("/webhooks/message:received:new/post" + JSON_BODY + "/schema", legacyAsSent))
                .as("a sent message is not a message:received:new payload")
                .isNotEmpty();
    }

    private static String v2Schema(WebhookEventType type) {
        if (type.isMessageType()) {
            return "/components/schemas/MessageV2Payload";
        }
        return type == WebhookEventType.MESSAGE_REACTION
                ? "/components/schemas/ReactionPayload"
                : "/components/schemas/CallPayload";
    }

    /**
     * Every example with the schema it illustrates, keyed "{pointer of the object holding schema and examples}|{name}":
     * media types, parameters and headers ({@code example} or {@code examples}, {@code $ref}s resolved).
     */
    private static void collectExamples(JsonNode node, String pointer, Map<String, JsonNode> out) {
        if (node.isObject()) {
            if (node.has("schema") && node.has("example")) {
                out.put(pointer + "|example", node.get("example"));
            }
            if (node.has("schema") && node.has("examples")) {
                node.get("examples")
                        .fields()
                        .forEachRemaining(e -> out.put(
                                pointer + "|" + e.getKey(),
                                DOC.resolve(e.getValue()).get("value")));
            }
            node.fields().forEachRemaining(f -> collectExamples(f.getValue(), pointer + "/" + escape(f.getKey()), out));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectExamples(node.get(i), pointer + "/" + i, out);
            }
        }
    }

    private static JsonNode example(String name) {
        return DOC.at("/components/examples/" + name + "/value");
    }

    private static JsonNode resource(String name) {
        try (InputStream in = OpenApiExamplesTest.class.getResourceAsStream("/payloads/" + name)) {
            return OpenApiDocument.json(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
