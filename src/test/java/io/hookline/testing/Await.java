package io.hookline.testing;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Blocks a test thread on a Vert.x future, or until an outcome shows. */
public final class Await {

    private Await() {}

    public static <T> T result(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Polls {@code outcome} until it holds; fails naming {@code what} once {@code timeout} passed. */
    public static void until(String what, Duration timeout, BooleanSupplier outcome) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!outcome.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            Receiver.sleep(20);
        }
    }
}
