package io.hookline.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Await;
import io.hookline.testing.Hookline;
import io.hookline.testing.TestDatabase;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Verifies that reloading a workspace's webhooks never makes a webhook that still exists look deleted to a
 * concurrent reader (a delivery lane that sees its webhook gone drops its whole queue).
 */
@Timeout(120)
class SubscriptionsTest {

    @Test
    void aWebhookThatStillExistsIsNeverMissingDuringReloads() throws Exception {
        try (TestDatabase db = TestDatabase.create();
                Hookline hookline = Hookline.start(db.url())) {
            String ws = hookline.workspace("subs");
            UUID id = UUID.fromString(
                    hookline.webhook(ws, "http://127.0.0.1:9/a", "message:new").getString("id"));
            hookline.webhook(ws, "http://127.0.0.1:9/b", "message:new");
            Subscriptions subscriptions = hookline.app().subscriptions();
            AtomicBoolean reading = new AtomicBoolean(true);
            AtomicInteger missing = new AtomicInteger();
            AtomicInteger reads = new AtomicInteger();
            Thread reader = new Thread(() -> {
                while (reading.get()) {
                    if (subscriptions.get(id) == null) {
                        missing.incrementAndGet();
                    }
                    reads.incrementAndGet();
                }
            });
            reader.start();
            for (int i = 0; i < 300; i++) {
                Await.result(i % 10 == 0 ? subscriptions.reloadAll() : subscriptions.reloadWorkspace(ws));
            }
            reading.set(false);
            reader.join();

            assertThat(reads.get()).isGreaterThan(1000);
            assertThat(missing.get()).isZero();
        }
    }
}
