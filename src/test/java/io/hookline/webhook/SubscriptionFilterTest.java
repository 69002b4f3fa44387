package io.hookline.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.event.Violation;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Verifies the subscription filter rules: which filter objects are accepted and which are a 422 (and why). */
class SubscriptionFilterTest {

    private static List<Violation> problems(String json) {
        List<Violation> problems = new ArrayList<>();
        SubscriptionFilter.validate(json.equals("null") ? null : new JsonObject(json.replace('\'', '"')), problems);
        return problems;
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "null",
                "{}",
                "{'chat_type': 'group'}",
                "{'chat_id': 5}",
                "{'chat_id': [5, 9]}",
                "{'direction': ['sent', 'incoming']}",
                "{'call_status': 'Declined'}",
                "{'emoji': '👍', 'platform': 'whatsapp'}",
                "{'whatsapp_account_wid': ['a@s.whatsapp.net']}"
            })
    void acceptsDocumentedKeysWithScalarsOrNonEmptyArrays(String filter) {
        assertThat(problems(filter)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {
                "{'chat': 'group'};              filter.chat",
                "{'chat_type': []};              filter.chat_type",
                "{'chat_id': '5'};               filter.chat_id",
                "{'chat_id': 5.5};               filter.chat_id",
                "{'chat_id': [5, 'x']};          filter.chat_id",
                "{'emoji': 1};                   filter.emoji",
                "{'emoji': null};                filter.emoji",
                "{'emoji': {'x': 1}};            filter.emoji",
                "{'direction': 'up'};            filter.direction",
                "{'call_status': 'missed'};      filter.call_status",
                "{'chat_type': ['direct', 3]};   filter.chat_type",
                "{'platform': 'telegram'};       filter.platform"
            })
    void refusesUnknownKeysEmptyArraysAndWrongTypes(String filter, String field) {
        assertThat(problems(filter)).extracting(Violation::field).containsExactly(field);
    }

    /** Such a value would be stored as '?' (or not at all) and never match what was meant. */
    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {
                "emoji;                \\ud800;     must not contain unpaired surrogate characters (\\ud800-\\udfff)",
                "whatsapp_account_wid; \\udc00x;    must not contain unpaired surrogate characters (\\ud800-\\udfff)",
                "emoji;                a\\u0000;    must not contain NUL (\\u0000) characters"
            })
    void refusesTextPostgresCannotStoreAsSent(String key, String escaped, String message) {
        List<Violation> problems = new ArrayList<>();
        SubscriptionFilter.validate(new JsonObject("{\"" + key + "\": [\"👍\", \"" + escaped + "\"]}"), problems);
        assertThat(problems).containsExactly(new Violation("filter." + key, message));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"x\"", "1"})
    void refusesAFilterThatIsNotAnObject(String json) {
        List<Violation> problems = new ArrayList<>();
        SubscriptionFilter.validate(io.vertx.core.json.Json.decodeValue(json), problems);
        assertThat(problems).extracting(Violation::field).containsExactly("filter");
    }

    @org.junit.jupiter.api.Test
    void anEmptyObjectRemovesTheFilter() {
        assertThat(SubscriptionFilter.validate(new JsonObject(), new ArrayList<>()))
                .isNull();
        assertThat(SubscriptionFilter.compile(null)).isSameAs(SubscriptionFilter.NONE);
        assertThat(SubscriptionFilter.compile("{}")).isSameAs(SubscriptionFilter.NONE);
    }
}
