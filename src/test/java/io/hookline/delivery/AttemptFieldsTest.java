package io.hookline.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** What an attempt row stores of a receiver's answer and of the time it was sent, byte for byte. */
class AttemptFieldsTest {

    @Test
    void responseHeadersAreLowerCaseInCaseInsensitiveOrderWithRepeatsJoinedInArrivalOrder() {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add("X-Trace", "abc")
                .add("Set-Cookie", "a=1")
                .add("content-length", "4")
                .add("set-cookie", "b=2")
                .add("X_Under", "u")
                .add("Xb", "b")
                .add("Set-Cookie", "c=3");

        // compared as lower case: '_' (between 'Z' and 'a') sorts before "b", after "-"
        String json = ResponseHeaders.json(headers);
        assertThat(json)
                .isEqualTo("{\"content-length\":\"4\",\"set-cookie\":\"a=1, b=2, c=3\",\"x-trace\":\"abc\","
                        + "\"x_under\":\"u\",\"xb\":\"b\"}");
        assertThat(new JsonObject(json).fieldNames())
                .as("the order of the headers' own names()")
                .containsExactlyElementsOf(headers.names().stream()
                        .map(name -> name.toLowerCase(Locale.ROOT))
                        .toList());
    }

    @Test
    void responseHeadersAreEscapedAndLoseNul() {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("X-Quote", "say \"hi\"\\\u0000!");

        assertThat(ResponseHeaders.json(headers)).isEqualTo("{\"x-quote\":\"say \\\"hi\\\"\\\\!\"}");
        assertThat(ResponseHeaders.json(MultiMap.caseInsensitiveMultiMap())).isEqualTo("{}");
    }

    @Test
    void manyHeadersAreAllKept() {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        StringBuilder expected = new StringBuilder("{");
        for (int i = 10; i < 30; i++) {
            headers.add("H" + i, "v" + i);
            expected.append(i > 10 ? "," : "")
                    .append("\"h")
                    .append(i)
                    .append("\":\"v")
                    .append(i)
                    .append('"');
        }
        assertThat(ResponseHeaders.json(headers)).isEqualTo(expected.append('}').toString());
    }

    @Test
    void attemptTimesAreTheInstantAtUtcToTheNanosecond() {
        for (Instant instant : new Instant[] {
            Instant.parse("2026-12-04T23:59:59.999999999Z"),
            Instant.parse("1969-12-31T23:59:59.5Z"),
            Instant.ofEpochSecond(0),
            Instant.parse("2038-01-19T03:14:08.000123Z")
        }) {
            assertThat(AttemptRows.utc(instant)).isEqualTo(instant.atOffset(ZoneOffset.UTC));
        }
    }
}
