package io.hookline.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Verifies the reaction rules (docs/payloads.md) on the plain state object. */
class ReactionStateTest {

    private static ReactionData set(String emoji, Person reactor) {
        return new ReactionData("m", "set", emoji, reactor, OffsetDateTime.now(), null);
    }

    private static ReactionData clear(String emoji, Person reactor) {
        return new ReactionData("m", "clear", emoji, reactor, OffsetDateTime.now(), null);
    }

    @Test
    void oneEmojiPerReactorSetReplacesAndClearRemoves() {
        ReactionState state = new ReactionState();
        Person ann = new Person("Ann", "+1");
        state.apply(set("👍", ann));
        state.apply(set("👍", ann));
        assertThat(state.aggregate()).isEqualTo(Map.of("👍", "1"));
        state.apply(set("❤️", ann));
        assertThat(state.aggregate()).isEqualTo(Map.of("❤️", "1"));
        state.apply(clear("❤️", ann));
        assertThat(state.aggregate()).isEmpty();
    }

    @Test
    void reactorsAreKeyedByPhoneElseByName() {
        ReactionState state = new ReactionState();
        state.apply(set("👍", new Person("Ann", "+1")));
        state.apply(set("👍", new Person("Ann renamed", "+1")));
        state.apply(set("👍", new Person("Bob", null)));
        state.apply(set("🔥", new Person("Bob", "")));
        assertThat(state.aggregate()).isEqualTo(Map.of("👍", "1", "🔥", "1"));
    }

    @Test
    void unknownReactorsAdjustCounts() {
        ReactionState state = new ReactionState();
        state.apply(set("👍", null));
        state.apply(set("👍", null));
        state.apply(set("👍", new Person("Ann", "+1")));
        assertThat(state.aggregate()).isEqualTo(Map.of("👍", "3"));
        state.apply(clear("👍", null));
        assertThat(state.aggregate()).isEqualTo(Map.of("👍", "2"));
        state.apply(clear("👍", null));
        state.apply(clear("👍", null));
        assertThat(state.aggregate()).isEmpty();
    }

    @Test
    void clearingSomethingThatIsNotThereChangesNothing() {
        ReactionState state = new ReactionState();
        state.apply(clear("👍", null));
        state.apply(clear("👍", new Person("Ann", "+1")));
        assertThat(state.aggregate()).isEmpty();
    }

    @Test
    void survivesARoundTripThroughItsStoredFormWithOrder() {
        ReactionState state = new ReactionState();
        state.apply(set("❤️", new Person("A", "+1")));
        state.apply(set("👍", new Person("B", "+2")));
        state.apply(set("👍", new Person("C", "+3")));
        state.apply(set("😂", null));

        ReactionState copy = ReactionState.fromJson(state.toJson());

        assertThat(copy.aggregate()).containsExactly(Map.entry("👍", "2"), Map.entry("❤️", "1"), Map.entry("😂", "1"));
    }

    @Test
    void givenAggregatesAreRenderedAsStringsWithoutZeros() {
        assertThat(ReactionState.asStrings(Map.of("👍", 2L, "😂", 0L))).isEqualTo(Map.of("👍", "2"));
    }
}
