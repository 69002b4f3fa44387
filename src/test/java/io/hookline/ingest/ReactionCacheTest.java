package io.hookline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reaction-state hint stays within its memory bound however big the groups' states grow. */
class ReactionCacheTest {

    private final ReactionCache cache = new ReactionCache();

    @Test
    void statesOfBigGroupsNeverHoldMoreThanTheBoundAndTheLatestAreKept() {
        String state = "x".repeat(30_000); // a message with about a thousand reactors
        for (int write = 0; write < 100; write++) {
            Map<String, String> saved = new LinkedHashMap<>();
            for (int m = 0; m < 20; m++) {
                saved.put("ws/message-" + write + "-" + m, state + write);
            }
            cache.saved(saved);

            assertThat(cache.chars()).isLessThanOrEqualTo(ReactionCache.MAX_CHARS);
            saved.forEach((key, text) -> assertThat(cache.get(key)).isEqualTo(text));
        }
    }

    @Test
    void newStatesOfTheSameMessagesReplaceTheOldOnesWithoutStartingOver() {
        Map<String, String> first = new LinkedHashMap<>();
        Map<String, String> second = new LinkedHashMap<>();
        for (int m = 0; m < 60; m++) { // 3.6 M characters: near the bound, which replacing them must not cross
            first.put("ws/message-" + m, "a".repeat(60_000));
            second.put("ws/message-" + m, "b".repeat(60_000));
        }
        first.put("ws/quiet", "{}");
        cache.saved(first);
        cache.saved(second);

        second.forEach((key, text) -> assertThat(cache.get(key)).isEqualTo(text));
        assertThat(cache.get("ws/quiet")).as("not started over").isEqualTo("{}");
        assertThat(cache.chars()).isEqualTo(3_600_002);
    }

    @Test
    void aStateAboveTheLimitIsNotKeptAndTheOneBeforeItIsDropped() {
        cache.saved(Map.of("ws/hot", "{\"r\":{\"+1\":\"👍\"},\"a\":{}}"));
        cache.saved(Map.of("ws/hot", "y".repeat(ReactionCache.MAX_STATE_CHARS + 1)));

        assertThat(cache.get("ws/hot")).isNull(); // the next write reads the row instead of an outdated text
        assertThat(cache.chars()).isZero();
    }

    @Test
    void aFailedWriteForgetsItsMessagesAndTheirCharacters() {
        cache.saved(Map.of("ws/a", "aaaa", "ws/b", "bb"));
        cache.forget(List.of("ws/a", "ws/unknown"));

        assertThat(cache.get("ws/a")).isNull();
        assertThat(cache.get("ws/b")).isEqualTo("bb");
        assertThat(cache.chars()).isEqualTo(2);
    }
}
