package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookline.testing.Events;
import io.hookline.testing.Http;
import io.hookline.testing.IntegrationTest;
import io.hookline.testing.OpenApiDocument;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document's {@code Event} schema and the running ingest agree on what an event is: a client that
 * validates (or is generated) from the document gets a 202 for what the schema accepts and a 422 for what it refuses.
 * Each case is posted to a live Hookline and validated against the schema the jar serves. One difference is known
 * and left out: the schema counts a text's length in characters, the server in UTF-16 units (an emoji counts 2), so
 * the schema is the looser one there; its description says so.
 */
class IngestSchemaAgreementTest extends IntegrationTest {

    private static final OpenApiDocument DOC = OpenApiDocument.load();

    @Test
    void theEventSchemaAndIngestAgreeOnEachCase() {
        String ws = newWorkspace();
        Map<String, JsonObject> cases = new LinkedHashMap<>();
        cases.put("a message", Events.message(ws, Events.uid(), "received"));
        cases.put("a call", Events.call(ws, "incoming", "Missed"));
        cases.put("a reaction", Events.reaction(ws, Events.uid(), "set", "👍", Events.person("Ann", "+1555")));
        cases.put(
                "null platform",
                change(
                        Events.message(ws, Events.uid(), "sent"),
                        e -> e.getJsonObject("chat").putNull("platform")));
        cases.put(
                "null whatsapp_account",
                Events.message(ws, Events.uid(), "sent").putNull("whatsapp_account"));
        cases.put(
                "null is_video and scheduled",
                change(
                        Events.call(ws, "incoming", "Missed"),
                        e -> e.getJsonObject("call").putNull("is_video").putNull("scheduled")));
        cases.put("a numeric string count", reactionWith(ws, new JsonObject().put("👍", "2")));
        cases.put(
                "chat_id at the long's end",
                change(
                        Events.message(ws, Events.uid(), "sent"),
                        e -> e.getJsonObject("chat").put("chat_id", Long.MAX_VALUE)));

        cases.put(
                "other kinds' objects null",
                Events.message(ws, Events.uid(), "sent").putNull("call").putNull("reaction"));
        cases.put("a null id", Events.message(ws, Events.uid(), "sent").putNull("id"));
        cases.put(
                "null attachments",
                change(
                        Events.message(ws, Events.uid(), "sent"),
                        e -> e.getJsonObject("message").putNull("attachments")));
        cases.put("null reactions", reactionWith(ws, null));
        cases.put("an empty emoji key in reactions", reactionWith(ws, new JsonObject().put("", 1)));

        cases.put("empty message_uid", Events.message(ws, "", "sent"));
        cases.put("empty emoji on a set", Events.reaction(ws, Events.uid(), "set", "", Events.person("Ann", "+1")));
        cases.put(
                "a set without emoji",
                change(
                        Events.reaction(ws, Events.uid(), "set", "👍", Events.person("Ann", "+1")),
                        e -> e.getJsonObject("reaction").remove("emoji")));
        cases.put(
                "a chat name over 1,024",
                change(
                        Events.message(ws, Events.uid(), "sent"),
                        e -> e.getJsonObject("chat").put("full_name", "n".repeat(2000))));
        cases.put("a uid over 256", Events.message(ws, "u".repeat(257), "sent"));
        cases.put(
                "chat_id beyond a long",
                change(
                        Events.message(ws, Events.uid(), "sent"),
                        e -> e.getJsonObject("chat").put("chat_id", BigInteger.TWO.pow(63))));
        cases.put("a negative count", reactionWith(ws, new JsonObject().put("👍", -1)));
        cases.put("a count that is no number", reactionWith(ws, new JsonObject().put("👍", "abc")));
        cases.put("the id '.'", Events.message(ws, Events.uid(), "sent").put("id", "."));
        cases.put("the id '..'", Events.message(ws, Events.uid(), "sent").put("id", ".."));
        cases.put(
                "a call object on a message",
                Events.message(ws, Events.uid(), "sent")
                        .put("call", Events.call(ws, "incoming", "Missed").getJsonObject("call")));
        cases.put(
                "a clear by a reactor without emoji",
                change(
                        Events.reaction(ws, Events.uid(), "clear", "👍", Events.person("Ann", "+1")),
                        e -> e.getJsonObject("reaction").putNull("emoji")));
        cases.put(
                "a message without its object",
                change(Events.message(ws, Events.uid(), "sent"), e -> e.remove("message")));

        Map<String, String> disagreements = new LinkedHashMap<>();
        cases.forEach((name, event) -> {
            Http.Response answer = hookline.postEvent(event);
            assertThat(answer.status()).as(name + ": " + answer.body()).isIn(202, 422);
            List<String> errors = DOC.validate("/components/schemas/Event", OpenApiDocument.json(event.encode()));
            boolean server = answer.status() == 202;
            if (server != errors.isEmpty()) {
                disagreements.put(name, "server " + answer.status() + " " + answer.body() + ", schema " + errors);
            }
        });
        assertThat(disagreements)
                .as("cases where the OpenAPI schema and ingest disagree")
                .isEmpty();
        assertThat(cases.values().stream()
                        .filter(e -> DOC.validate("/components/schemas/Event", json(e))
                                .isEmpty())
                        .count())
                .as("accepted cases")
                .isEqualTo(14);
    }

    @Test
    void theOneRuleTheSchemaCannotExpressIsInItsDescription() {
        // which clears need an emoji depends on whether the reactor has a phone or full name: JSON Schema could say
        // so only with if/then, which the document's linter refuses beside additionalProperties: false
        JsonObject clear = Events.reaction(newWorkspace(), Events.uid(), "clear", "👍", null);
        clear.getJsonObject("reaction").putNull("emoji");

        Http.Response answer = hookline.postEvent(clear);

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.body()).contains("reaction.emoji", "without a reactor");
        assertThat(DOC.at("/components/schemas/EventReactionClear/properties/emoji/description")
                        .asText())
                .contains("A clear without such a reactor needs it");
    }

    private static JsonNode json(JsonObject event) {
        return OpenApiDocument.json(event.encode());
    }

    private static JsonObject reactionWith(String ws, JsonObject counts) {
        JsonObject event = Events.reaction(ws, Events.uid(), "set", "👍", Events.person("Ann", "+1555"));
        event.getJsonObject("reaction").put("reactions", counts);
        return event;
    }

    private static JsonObject change(JsonObject event, Function<JsonObject, Object> edit) {
        edit.apply(event);
        return event;
    }
}
