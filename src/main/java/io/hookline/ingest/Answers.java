package io.hookline.ingest;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/** The answer to a single event, written straight to bytes: it is sent for every event ingested. */
final class Answers {

    private Answers() {}

    /** {@code {"id":"<id>","status":"accepted"|"duplicate"}} */
    static Buffer single(String eventId, boolean accepted) {
        StringBuilder out = new StringBuilder(eventId.length() + 40).append("{\"id\":\"");
        JsonStringEncoder.getInstance().quoteAsString(eventId, out);
        out.append(accepted ? "\",\"status\":\"accepted\"}" : "\",\"status\":\"duplicate\"}");
        return Buffer.buffer(out.toString().getBytes(StandardCharsets.UTF_8));
    }
}
