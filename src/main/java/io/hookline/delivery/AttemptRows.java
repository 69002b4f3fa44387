package io.hookline.delivery;

import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.IntFunction;

/** Attempts as the column arrays of one multi-row insert ({@link io.hookline.store.AttemptLog}). */
public final class AttemptRows {

    private AttemptRows() {}

    /** One typed array per column, in the order of the insert's parameters. */
    public static Tuple of(List<AttemptRecord> attempts) {
        return Tuple.wrap(new Object[] {
            column(attempts, UUID[]::new, AttemptRecord::webhookId),
            column(attempts, String[]::new, AttemptRecord::workspaceId),
            column(attempts, Long[]::new, a -> a.payload().eventSeq()),
            column(attempts, String[]::new, a -> a.payload().eventId()),
            column(attempts, String[]::new, a -> a.payload().type().wire()),
            column(attempts, String[]::new, a -> a.payload().format().wire()),
            column(attempts, String[]::new, AttemptRecord::url),
            column(attempts, OffsetDateTime[]::new, a -> utc(a.attemptedAt())),
            column(attempts, Integer[]::new, AttemptRecord::durationMs),
            column(attempts, Boolean[]::new, AttemptRecord::success),
            column(attempts, Boolean[]::new, AttemptRecord::test),
            column(attempts, Integer[]::new, AttemptRecord::statusCode),
            column(attempts, String[]::new, AttemptRecord::error),
            column(attempts, String[]::new, AttemptRecord::signature),
            column(attempts, String[]::new, AttemptRecord::responseHeaders),
            column(attempts, String[]::new, AttemptRecord::responseBody),
            column(attempts, String[]::new, a -> a.trigger().wire())
        });
    }

    /**
     * The instant at UTC. {@code Instant.atOffset} asks the offset for its rules, and Java 17 builds a new rules
     * object on every such call: once per stored attempt.
     */
    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.of(
                LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC),
                ZoneOffset.UTC);
    }

    private static <T> T[] column(
            List<AttemptRecord> attempts, IntFunction<T[]> array, Function<AttemptRecord, T> value) {
        T[] out = array.apply(attempts.size());
        for (int i = 0; i < out.length; i++) {
            out[i] = value.apply(attempts.get(i));
        }
        return out;
    }
}
