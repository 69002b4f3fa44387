package io.hookline.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.event.EventParser;
import io.hookline.event.EventRules;
import io.hookline.event.IngestEvent;
import io.hookline.event.PayloadFormat;
import io.hookline.event.Violation;
import io.hookline.event.WebhookEventType;
import io.hookline.testing.Events;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Verifies the firing rules and subscriptions together as a table: event × subscription (types and filter) → whether the webhook
 * gets the event, and with which {@code event_type} (the most specific of its types the event fires).
 */
class SubscriptionMatchTest {

    /**
     * Events: {@code message sent|received}, {@code call <direction> <status>}, {@code reaction <emoji>}; a
     * {@code group} prefix makes the chat a group chat (chat_id 777); the account wid is {@code 15559876543@s.whatsapp.net}.
     */
    private static IngestEvent event(String spec) {
        boolean group = spec.startsWith("group ");
        String[] words = (group ? spec.substring(6) : spec).split(" ", 3);
        JsonObject json = switch (words[0]) {
            case "message" -> Events.message("ws", "m1", words[1]);
            case "call" -> Events.call("ws", words[1], words[2]);
            case "reaction" -> Events.reaction("ws", "m1", "set", words[1], Events.person("Ann", "+1555"));
            default -> throw new IllegalArgumentException(spec);
        };
        if (group) {
            json.getJsonObject("chat").put("chat_type", "group").put("chat_id", 777);
        }
        EventParser.Result parsed = EventParser.parse(json);
        assertThat(parsed.violations()).isEmpty();
        return parsed.event();
    }

    private static WebhookRef webhook(String types, String filter) {
        List<WebhookEventType> list = Arrays.stream(types.split("\\|"))
                .map(t -> WebhookEventType.fromWire(t.trim()).orElseThrow())
                .toList();
        String json = filter == null ? null : filter.replace('\'', '"');
        if (json != null) {
            List<Violation> problems = new ArrayList<>();
            SubscriptionFilter.validate(new JsonObject(json), problems);
            assertThat(problems).as("filter %s is valid", json).isEmpty();
        }
        return new WebhookRef(
                UUID.randomUUID(),
                "ws",
                "https://example.com/",
                list,
                PayloadFormat.V2,
                true,
                "whsec_AAAA",
                0,
                OffsetDateTime.now(),
                OffsetDateTime.now(),
                SubscriptionFilter.compile(json),
                0);
    }

    @ParameterizedTest(name = "{0} × [{1}] filter {2} → {3}")
    @CsvSource(
            delimiter = ';',
            nullValues = "none",
            value = {
                // types only: at most one POST, the most specific type
                "message sent;            message:new;                                  none; message:new",
                "message sent;            message:sent:new;                             none; message:sent:new",
                "message sent;            message:received:new;                         none; -",
                "message sent;            message:new | message:sent:new;               none; message:sent:new",
                "message sent;            message:sent:new | message:new;               none; message:sent:new",
                "message received;        message:new | message:sent:new;               none; message:new",
                "message received;        message:new | message:received:new;           none; message:received:new",
                "message received;        message:sent:new | message:received:new;      none; message:received:new",
                "message received;        call:incoming:missed | message:reaction;      none; -",
                "call incoming Missed;    message:received:new | call:incoming:missed;  none; call:incoming:missed",
                "call incoming Missed;    call:incoming:ended | call:outgoing:ended;    none; -",
                "call incoming Declined;  call:incoming:missed | call:incoming:ended;   none; call:incoming:ended",
                "call outgoing No Answer; call:outgoing:ended;                          none; call:outgoing:ended",
                "call incoming Ringing;   call:incoming:missed | call:incoming:ended;   none; -",
                "reaction 👍;             message:new | message:reaction;               none; message:reaction",
                "reaction 👍;             message:new | message:received:new;           none; -",
                // filters: AND across keys, any of within a key, a key that does not apply does not match
                "message received;        message:new;  {'direction': 'received'};                           message:new",
                "message sent;            message:new;  {'direction': 'received'};                           -",
                "message sent;            message:new;  {'direction': ['received', 'sent']};                 message:new",
                "call incoming Missed;    call:incoming:missed; {'direction': 'incoming'};                   call:incoming:missed",
                "reaction 👍;             message:reaction; {'direction': 'received'};                       -",
                "group message received;  message:new;  {'chat_type': 'group'};                              message:new",
                "message received;        message:new;  {'chat_type': 'group'};                              -",
                "group message received;  message:new;  {'chat_type': 'group', 'chat_id': [1, 777]};         message:new",
                "group message received;  message:new;  {'chat_type': 'group', 'chat_id': 1};                -",
                "message received;        message:new;  {'platform': 'whatsapp'};                            message:new",
                "message received;        message:new;  {'platform': 'waba'};                                -",
                "message received;        message:new;  {'whatsapp_account_wid': '15559876543@s.whatsapp.net'}; message:new",
                "message received;        message:new;  {'whatsapp_account_wid': ['other@s.whatsapp.net']};  -",
                "call incoming Missed;    call:incoming:missed | call:incoming:ended; {'call_status': 'Missed'}; call:incoming:missed",
                "call incoming Declined;  call:incoming:ended; {'call_status': 'Rejected'};                  call:incoming:ended",
                "call incoming Rejected;  call:incoming:ended; {'call_status': 'Declined'};                  call:incoming:ended",
                "call incoming Answered;  call:incoming:ended; {'call_status': ['Missed', 'Rejected']};      -",
                "message received;        message:new | call:incoming:missed; {'call_status': 'Missed'};     -",
                "reaction 👍;             message:reaction; {'emoji': ['👍', '❤️']};                          message:reaction",
                "reaction 😂;             message:reaction; {'emoji': '👍'};                                  -",
                "message received;        message:new | message:reaction; {'emoji': '👍'};                   -",
                "message received;        message:received:new | message:new; {};                            message:received:new"
            })
    void decidesWhetherAndAsWhatAWebhookGetsAnEvent(String event, String types, String filter, String expected) {
        IngestEvent parsed = event(event);
        WebhookEventType got =
                webhook(types, filter).typeFor(parsed, EventRules.decide(parsed).types());
        assertThat(got == null ? "-" : got.wire()).isEqualTo(expected);
    }
}
