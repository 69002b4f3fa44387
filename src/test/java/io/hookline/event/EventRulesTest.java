package io.hookline.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Events;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Verifies the firing rules: which webhook event types each producer event fires. */
class EventRulesTest {

    private static IngestEvent parse(JsonObject json) {
        EventParser.Result result = EventParser.parse(json);
        assertThat(result.violations()).isEmpty();
        return result.event();
    }

    @Test
    void sentMessagesFireMessageNewAndMessageSentNew() {
        EventRules.Decision d = EventRules.decide(parse(Events.message("ws", "m1", "sent")));
        assertThat(d.types()).containsExactly(WebhookEventType.MESSAGE_NEW, WebhookEventType.MESSAGE_SENT_NEW);
        assertThat(d.skipped()).isFalse();
    }

    @Test
    void receivedMessagesFireMessageNewAndMessageReceivedNew() {
        EventRules.Decision d = EventRules.decide(parse(Events.message("ws", "m1", "received")));
        assertThat(d.types()).containsExactly(WebhookEventType.MESSAGE_NEW, WebhookEventType.MESSAGE_RECEIVED_NEW);
    }

    @ParameterizedTest
    @CsvSource({
        "incoming, Missed, call:incoming:missed",
        "incoming, Answered, call:incoming:ended",
        "incoming, Rejected, call:incoming:ended",
        "incoming, Declined, call:incoming:ended",
        "outgoing, Ended, call:outgoing:ended",
        "outgoing, No Answer, call:outgoing:ended",
        "outgoing, Rejected, call:outgoing:ended",
        "outgoing, Declined, call:outgoing:ended"
    })
    void finalCallsFireTheirType(String direction, String status, String type) {
        EventRules.Decision d = EventRules.decide(parse(Events.call("ws", direction, status)));
        assertThat(d.types()).extracting(WebhookEventType::wire).containsExactly(type);
    }

    @ParameterizedTest
    @CsvSource({"incoming", "outgoing"})
    void ringingCallsAreNotFinal(String direction) {
        EventRules.Decision d = EventRules.decide(parse(Events.call("ws", direction, "Ringing")));
        assertThat(d.types()).isEmpty();
        assertThat(d.skipReason()).isEqualTo(SkipReason.CALL_NOT_FINAL);
    }

    @Test
    void scheduledCallsAreSkippedWhateverTheirStatus() {
        JsonObject call = Events.call("ws", "outgoing", "Ended");
        call.getJsonObject("call").put("scheduled", true);
        assertThat(EventRules.decide(parse(call)).skipReason()).isEqualTo(SkipReason.SCHEDULED_CALL);
    }

    @Test
    void groupCallsFireLikeDirectOnes() {
        JsonObject call = Events.call("ws", "incoming", "Missed");
        call.getJsonObject("chat").put("chat_type", "group");
        assertThat(EventRules.decide(parse(call)).types()).containsExactly(WebhookEventType.CALL_INCOMING_MISSED);
    }

    @Test
    void reactionsFireMessageReaction() {
        EventRules.Decision d = EventRules.decide(parse(Events.reaction("ws", "m1", "clear", "👍", null)));
        assertThat(d.types()).containsExactly(WebhookEventType.MESSAGE_REACTION);
    }

    @Test
    void declinedIsWrittenAsRejected() {
        assertThat(io.hookline.event.CallOutcomes.payloadStatus("Declined")).isEqualTo("Rejected");
        assertThat(io.hookline.event.CallOutcomes.payloadStatus("No Answer")).isEqualTo("No Answer");
    }
}
