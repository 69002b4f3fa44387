package io.hookline.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.event.EventKind;
import io.hookline.event.SkipReason;
import org.junit.jupiter.api.Test;

/** What a Prometheus scrape of a fresh instance shows, before any traffic. */
class HooklineMetricsTest {

    @Test
    void everyLabelledSeriesIsThereAtZeroBeforeItsFirstIncrement() {
        HooklineMetrics metrics = HooklineMetrics.standalone();
        String scrape = metrics.registry().scrape();

        assertThat(scrape)
                .contains("hookline_events_total{outcome=\"accepted\",type=\"message\"} 0.0")
                .contains("hookline_events_total{outcome=\"rejected\",type=\"unknown\"} 0.0")
                .contains("hookline_events_total{outcome=\"unavailable\",type=\"reaction\"} 0.0")
                .contains("hookline_deliveries_total{outcome=\"success\"} 0.0")
                .contains("hookline_deliveries_total{outcome=\"failure\"} 0.0")
                .contains("hookline_deliveries_total{outcome=\"dropped\"} 0.0")
                .contains("hookline_deliveries_total{outcome=\"deferred\"} 0.0")
                .contains("hookline_redrive_events_total{outcome=\"progressed\"} 0.0")
                .contains("hookline_redrive_events_total{outcome=\"no_room\"} 0.0")
                .contains("hookline_reaction_writes_total{path=\"one_round_trip\"} 0.0")
                .contains("hookline_reaction_writes_total{path=\"state_moved\"} 0.0")
                .contains("hookline_reaction_writes_total{path=\"locking\"} 0.0");
        for (EventKind kind : EventKind.values()) {
            assertThat(scrape).contains("hookline_events_total{outcome=\"accepted\",type=\"" + kind.wire() + "\"} 0.0");
        }
        for (SkipReason reason : SkipReason.values()) {
            assertThat(scrape).contains("hookline_events_skipped_total{reason=\"" + reason.wire() + "\"} 0.0");
        }

        metrics.delivery("failure");
        metrics.event("accepted", null);
        String after = metrics.registry().scrape();
        assertThat(after)
                .contains("hookline_deliveries_total{outcome=\"failure\"} 1.0")
                .contains("hookline_deliveries_total{outcome=\"success\"} 0.0")
                .contains("hookline_events_total{outcome=\"accepted\",type=\"unknown\"} 1.0");
    }
}
