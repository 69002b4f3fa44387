package io.hookline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** Verifies generated event ids: the documented shape, unique, and in the order they were made. */
class EventIdsTest {

    @Test
    void idsAreEvtAnd32HexDigitsUniqueAndSortedByTime() {
        List<String> ids = new ArrayList<>();
        for (long ms = 1_700_000_000_000L; ms < 1_700_000_000_000L + 5_000; ms++) {
            ids.add(EventIds.generate(ms, ThreadLocalRandom.current()));
            ids.add(EventIds.generate(ms, ThreadLocalRandom.current()));
        }
        assertThat(ids).allMatch(id -> id.matches("evt_[0-9a-f]{32}"));
        assertThat(new HashSet<>(ids)).hasSize(ids.size());
        for (int i = 2; i < ids.size(); i += 2) {
            assertThat(ids.get(i)).as("made a millisecond later").isGreaterThan(ids.get(i - 1));
        }
        assertThat(EventIds.generate()).matches("evt_[0-9a-f]{32}");
    }
}
