package io.hookline.delivery;

import io.vertx.core.Vertx;

/**
 * The delivery deadlines of one event loop. Every request gets the same timeout, so deadlines come due in the order
 * requests started: a list checked every {@link #SWEEP_MS} replaces a timer per request (each of which cost a
 * scheduled task, a map entry and its cancellation). A deadline is enforced at most one sweep late. The list is
 * linked through the exchanges themselves, so one that finishes leaves it at once and nothing it refers to is kept
 * alive until its deadline.
 *
 * <p>Confined to the event loop that created it.
 */
final class DeadlineQueue {

    static final long SWEEP_MS = 10;

    private final Vertx vertx;
    private final long timer;
    private Exchange head;
    private Exchange tail;

    DeadlineQueue(Vertx vertx) {
        this.vertx = vertx;
        this.timer = vertx.setPeriodic(SWEEP_MS, id -> sweep(System.nanoTime()));
    }

    void add(Exchange exchange) {
        exchange.queue = this;
        exchange.prev = tail;
        if (tail == null) {
            head = exchange;
        } else {
            tail.next = exchange;
        }
        tail = exchange;
    }

    void remove(Exchange exchange) {
        if (exchange.queue != this) {
            return;
        }
        if (exchange.prev == null) {
            head = exchange.next;
        } else {
            exchange.prev.next = exchange.next;
        }
        if (exchange.next == null) {
            tail = exchange.prev;
        } else {
            exchange.next.prev = exchange.prev;
        }
        exchange.prev = null;
        exchange.next = null;
        exchange.queue = null;
    }

    void sweep(long nowNanos) {
        while (head != null && head.deadlineNanos() - nowNanos <= 0) {
            Exchange due = head;
            remove(due);
            due.deadlinePassed();
        }
    }

    void close() {
        vertx.cancelTimer(timer);
    }
}
