package io.hookline.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Events;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Verifies the ingest API's event schema: what is accepted, and that each problem names its field. */
class EventParserTest {

    private static EventParser.Result parse(JsonObject json) {
        return EventParser.parse(json);
    }

    @Test
    void aCompleteMessageIsParsedWithItsOffsetKept() {
        EventParser.Result r = parse(Events.message("ws-1", "m-1", "sent"));
        assertThat(r.violations()).isEmpty();
        IngestEvent e = r.event();
        assertThat(e.kind()).isEqualTo(EventKind.MESSAGE);
        assertThat(e.messageUid()).isEqualTo("m-1");
        assertThat(e.message().timestamp())
                .isEqualTo(OffsetDateTime.of(2024, 1, 8, 10, 35, 18, 0, ZoneOffset.ofHours(2)));
        assertThat(e.chat().platform()).isEqualTo("whatsapp");
    }

    @Test
    void platformDefaultsToWhatsapp() {
        JsonObject json = Events.message("ws", "m", "sent");
        json.getJsonObject("chat").remove("platform");
        assertThat(parse(json).event().chat().platform()).isEqualTo("whatsapp");
    }

    @Test
    void timestampsAcceptTheCommonOffsetSpellings() {
        for (String ts : new String[] {
            "2026-05-24T10:35:18+02:00",
            "2026-05-24T10:35:18+0200",
            "2026-05-24T08:35:18Z",
            "2026-05-24T10:35:18.123+02:00"
        }) {
            JsonObject json = Events.message("ws", "m", "sent");
            json.getJsonObject("message").put("timestamp", ts);
            assertThat(parse(json).violations()).as(ts).isEmpty();
        }
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        JsonObject json = new JsonObject()
                .put("type", "message")
                .put("workspace_id", "")
                .put("chat", new JsonObject().put("chat_id", 1.5))
                .put(
                        "message",
                        new JsonObject()
                                .put("direction", "up")
                                .put(
                                        "attachments",
                                        new JsonArray()
                                                .add(new JsonObject().put("size", -1))
                                                .add("x")));

        EventParser.Result r = parse(json);

        assertThat(r.valid()).isFalse();
        assertThat(r.violations())
                .extracting(Violation::field)
                .containsExactlyInAnyOrder(
                        "workspace_id",
                        "chat.chat_id",
                        "chat.chat_type",
                        "message.message_uid",
                        "message.direction",
                        "message.timestamp",
                        "message.attachments[0].size",
                        "message.attachments[1]");
    }

    @Test
    void producerIdsAreLimitedTo128Characters() {
        JsonObject json = Events.message("ws", "m", "sent").put("id", "x".repeat(129));
        assertThat(parse(json).violations()).extracting(Violation::field).containsExactly("id");
        assertThat(parse(json.put("id", "x".repeat(128))).violations()).isEmpty();
    }

    /** The id is the webhook-id header, signed as it is: only what a header carries unchanged is accepted. */
    @Test
    void producerIdsMustTravelUnchangedAsTheWebhookIdHeader() {
        for (String bad : List.of(
                "a\r\nX-Injected: 1",
                "tab\there",
                "bell\u0007",
                "del\u007f",
                "caf\u00e9",
                "\uD83D\uDE00",
                " lead",
                "trail ",
                " ")) {
            List<Violation> violations =
                    parse(Events.message("ws", "m", "sent").put("id", bad)).violations();
            assertThat(violations).as(bad).extracting(Violation::field).containsExactly("id");
            assertThat(violations.get(0).message())
                    .isEqualTo("must be printable ASCII (U+0020 to U+007E), without a leading or trailing space: it is "
                            + "sent as the webhook-id header");
        }
        for (String dots : List.of(".", "..")) {
            assertThat(parse(Events.message("ws", "m", "sent").put("id", dots)).violations())
                    .extracting(Violation::message)
                    .containsExactly("must not be \".\" or \"..\": the event lookup's URL could not name it");
        }
        for (String good : List.of("evt_01J9Z", "order 42/line 3", "a.b", "...", "~!@#$%^&*()_+{}|:<>?`-=[]\\;',./")) {
            assertThat(parse(Events.message("ws", "m", "sent").put("id", good)).violations())
                    .as(good)
                    .isEmpty();
        }
    }

    @Test
    void nulCharactersAreRefusedBecausePostgresCannotStoreThem() {
        JsonObject json = Events.message("ws", "m\u0000x", "sent");
        assertThat(parse(json).violations()).extracting(Violation::field).containsExactly("message.message_uid");
    }

    @Test
    void reactionsMayHaveANullReactorAndAGivenAggregate() {
        JsonObject json = Events.reaction("ws", "m", "set", "👍", null);
        json.getJsonObject("reaction")
                .put("reactions", new JsonObject().put("👍", 3).put("❤️", "1"));
        EventParser.Result r = parse(json);
        assertThat(r.violations()).isEmpty();
        assertThat(r.event().reaction().reactor()).isNull();
        assertThat(r.event().reaction().givenReactions())
                .containsEntry("👍", 3L)
                .containsEntry("❤️", 1L);
    }

    /** A clear may leave its emoji out or send it empty (WhatsApp reports removals so) when it can still be applied. */
    @Test
    void aClearNeedsAnEmojiOnlyWhenNothingElseSaysWhatToRemove() {
        JsonObject ann = Events.person("Ann", "+15550000001");
        JsonObject withoutEmoji = Events.reaction("ws", "m", "clear", null, ann);
        withoutEmoji.getJsonObject("reaction").remove("emoji");
        assertThat(parse(withoutEmoji).violations()).isEmpty();
        assertThat(parse(withoutEmoji).event().reaction().emoji()).isNull();
        EventParser.Result empty = parse(Events.reaction("ws", "m", "clear", "", ann));
        assertThat(empty.violations()).isEmpty();
        assertThat(empty.event().reaction().emoji()).isNull();
        assertThat(parse(Events.reaction("ws", "m", "clear", null, ann)).violations())
                .isEmpty();

        Violation unattributed = new Violation(
                "reaction.emoji",
                "is required to clear a reaction without a reactor that has a phone or full_name (it says which one to "
                        + "remove)");
        assertThat(parse(Events.reaction("ws", "m", "clear", null, null)).violations())
                .containsExactly(unattributed);
        assertThat(parse(Events.reaction("ws", "m", "clear", "", new JsonObject()))
                        .violations())
                .containsExactly(unattributed);
        // the producer's aggregate is for the payload; the state still needs to know which emoji went
        JsonObject withAggregate = Events.reaction("ws", "m", "clear", "", null);
        withAggregate.getJsonObject("reaction").put("reactions", new JsonObject().put("👍", 1));
        assertThat(parse(withAggregate).violations()).containsExactly(unattributed);
        // a reactor sent wrong is reported as that, not also as a missing emoji
        JsonObject badReactor = Events.reaction("ws", "m", "clear", null, null);
        badReactor.getJsonObject("reaction").put("reactor", "Ann");
        assertThat(parse(badReactor).violations()).extracting(Violation::field).containsExactly("reaction.reactor");

        assertThat(parse(Events.reaction("ws", "m", "set", null, ann)).violations())
                .containsExactly(new Violation("reaction.emoji", "is required"));
        assertThat(parse(Events.reaction("ws", "m", "set", "", ann)).violations())
                .containsExactly(new Violation("reaction.emoji", "must not be empty"));
        JsonObject number = Events.reaction("ws", "m", "clear", null, ann);
        number.getJsonObject("reaction").put("emoji", 5);
        assertThat(parse(number).violations()).containsExactly(new Violation("reaction.emoji", "must be a string"));
    }

    @Test
    void negativeOrNonNumericGivenCountsAreRefused() {
        JsonObject json = Events.reaction("ws", "m", "set", "👍", null);
        json.getJsonObject("reaction")
                .put("reactions", new JsonObject().put("👍", -1).put("❤️", "many"));
        assertThat(parse(json).violations())
                .extracting(Violation::field)
                .containsExactlyInAnyOrder("reaction.reactions.👍", "reaction.reactions.❤️");
    }

    @Test
    void anEventMustBeAnObject() {
        assertThat(EventParser.parse("text").violations()).hasSize(1);
        assertThat(EventParser.parse(null).violations()).hasSize(1);
    }
}
