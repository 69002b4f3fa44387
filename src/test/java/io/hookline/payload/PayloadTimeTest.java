package io.hookline.payload;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Verifies that the hand-written payload timestamps are exactly what the documented patterns produce. */
class PayloadTimeTest {

    @Test
    void bothPayloadFormatsMatchTheirPatternForAnyInstantAndOffset() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            ZoneOffset offset = ZoneOffset.ofTotalSeconds((random.nextInt(36 * 4 + 1) - 18 * 4) * 15 * 60);
            OffsetDateTime time = OffsetDateTime.of(
                    1 + random.nextInt(9999),
                    1 + random.nextInt(12),
                    1 + random.nextInt(28),
                    random.nextInt(24),
                    random.nextInt(60),
                    random.nextInt(60),
                    random.nextInt(1_000_000_000),
                    offset);
            assertThat(PayloadRenderer.V2.format(time))
                    .isEqualTo(PayloadRenderer.format(time, PayloadRenderer.V2_TIME));
            assertThat(PayloadRenderer.LEGACY.format(time))
                    .isEqualTo(PayloadRenderer.format(time, PayloadRenderer.LEGACY_TIME));
        }
        assertThat(PayloadRenderer.V2.format(OffsetDateTime.parse("2026-05-24T10:35:18+02:00")))
                .isEqualTo("2026-05-24 10:35:18 +0200");
        assertThat(PayloadRenderer.LEGACY.format(OffsetDateTime.parse("2021-02-24T06:25:29Z")))
                .isEqualTo("2021-02-24T06:25:29+0000");
    }
}
