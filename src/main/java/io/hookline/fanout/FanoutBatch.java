package io.hookline.fanout;

import io.hookline.event.AcceptedEvent;
import java.util.List;

/** Events of one journal commit, on their way from ingest to fan-out. */
public record FanoutBatch(List<AcceptedEvent> events) {
}
