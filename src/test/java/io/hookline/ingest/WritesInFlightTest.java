package io.hookline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When a journal may start another write: one at a time, a second only beside a slow one, never a third. */
class WritesInFlightTest {

    private static final long T0 = 1_000_000_000L;
    private final WritesInFlight writes = new WritesInFlight();

    @Test
    void aWriteStartsWhenNoneIsUnderWay() {
        assertThat(writes.none()).isTrue();
        assertThat(writes.roomFor(T0)).isTrue();
    }

    @Test
    void besideAFreshInsertTheNextBatchWaitsAndGrows() {
        writes.started(false, T0);

        assertThat(writes.roomFor(T0)).isFalse();
        assertThat(writes.roomFor(T0 + WritesInFlight.SLOW_NANOS)).isFalse();
    }

    @Test
    void besideAStalledInsertASecondWriteStarts() {
        writes.started(false, T0);

        assertThat(writes.roomFor(T0 + WritesInFlight.SLOW_NANOS + 1)).isTrue();
    }

    @Test
    void besideAReactionTransactionASecondWriteStartsAtOnce() {
        writes.started(true, T0);

        assertThat(writes.roomFor(T0)).isTrue();
    }

    @Test
    void neverMoreThanTwoAndRoomAgainOnceOneEnds() {
        WritesInFlight.Write first = writes.started(true, T0);
        writes.started(false, T0 + 1);

        assertThat(writes.roomFor(T0 + 10 * WritesInFlight.SLOW_NANOS)).isFalse();

        writes.ended(first);
        assertThat(writes.none()).isFalse();
        assertThat(writes.roomFor(T0 + 2)).as("the fresh insert left").isFalse();
        assertThat(writes.roomFor(T0 + 2 + WritesInFlight.SLOW_NANOS))
                .as("the insert stalled")
                .isTrue();
    }

    @Test
    void twoWritesThatLookAlikeEndOneByOne() {
        WritesInFlight.Write a = writes.started(false, T0);
        WritesInFlight.Write b = writes.started(false, T0);

        writes.ended(a);
        assertThat(writes.none()).isFalse();
        writes.ended(b);
        assertThat(writes.none()).isTrue();
    }
}
