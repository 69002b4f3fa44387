package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.ConsoleTest;
import io.hookline.testing.Events;
import io.hookline.testing.Receiver;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Verifies, in headless Chromium against real loopback receivers, the recovery actions on a webhook's
 * page: resend from an attempt's detail, recover since a time with its progress bar (cancelled once, then run to the
 * end), and rotating the secret with the overlap shown and both signatures on the next request.
 */
class ConsoleRecoveryTest extends ConsoleTest {

    @Override
    protected JsonObject settings() {
        return new JsonObject().put("failure_threshold", 100);
    }

    @Test
    void resendFromAnAttemptsDetailSendsTheEventAgainAndTheNewAttemptIsListed() {
        String ws = newWorkspace();
        Receiver receiver = receiver().answer(503);
        String id = hookline.webhook(ws, receiver.url(), "message:new").getString("id");
        JsonObject event = Events.message(ws, Events.uid(), "received");
        assertThat(hookline.postEvent(event).status()).isEqualTo(202);
        awaitCount(1, "SELECT count(*) FROM attempts WHERE workspace_id = ?", ws);

        openWebhook(ws, id);
        WebElement failed = browser.awaitText("#attempts tbody tr", "503");
        assertThat(failed.findElement(By.cssSelector("[data-trigger]")).getText())
                .isEqualTo("delivery");
        receiver.answer(200);
        String attemptId =
                failed.findElement(By.cssSelector("button[data-attempt]")).getAttribute("data-attempt");
        failed.findElement(By.cssSelector("button[data-attempt]")).click();
        browser.awaitVisible("#attempt-request-body");
        browser.find("#resend-attempt").click();

        assertThat(browser.awaitText("#resend-result", "Sent again").getText())
                .contains("200")
                .contains("resend");
        shoot("attempt-resent");
        List<Receiver.Request> got = receiver.await(2, Duration.ofSeconds(20));
        assertThat(got)
                .extracting(r -> r.header("webhook-id"))
                .containsExactly(event.getString("id"), event.getString("id"));
        browser.find("#close-attempt").click();
        WebElement resent = browser.awaitText("#attempts tbody tr", "resend");
        assertThat(resent.getText()).contains("200").contains(event.getString("id"));
        // the table was redrawn with the new attempt: the keyboard focus is back on the first attempt's Details
        assertThat(browser.script("return document.activeElement.dataset.attempt"))
                .as("the focused element's attempt, after the dialog closed")
                .isEqualTo(attemptId);
    }

    @Test
    void recoverSinceATimeShowsItsProgressCanBeCancelledAndRunsToTheEnd() {
        String ws = newWorkspace();
        Receiver receiver = receiver().answer(500);
        String id = hookline.webhook(ws, receiver.url(), "message:new").getString("id");
        List<String> missed = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            JsonObject event = Events.message(ws, Events.uid(), "received");
            assertThat(hookline.postEvent(event).status()).isEqualTo(202);
            missed.add(event.getString("id"));
            awaitCount(i + 1, "SELECT count(*) FROM attempts WHERE workspace_id = ?", ws);
        }
        openWebhook(ws, id);
        browser.awaitText("#attempts tbody tr", "500");

        // slow answers, so the first job is still running when it is cancelled
        receiver.answer(200).delay(1500);
        browser.find("#start-recovery").click();
        assertThat(browser.awaitText("#recovery-status", "Running").isDisplayed())
                .isTrue();
        assertThat(browser.find("#start-recovery").isEnabled()).isFalse();
        browser.await(
                "the job's first request on the wire", d -> receiver.requests().size() == 5);
        browser.find("#cancel-recovery").click();
        browser.awaitText("#recovery-status", "Cancelled");
        assertThat(browser.findAll("#cancel-recovery")).isEmpty();
        browser.await(
                "the keyboard focus on Recover or its heading, once Cancel recovery is gone",
                d -> List.of("start-recovery", "recovery-title")
                        .contains(String.valueOf(browser.script("return document.activeElement.id"))));
        shoot("recovery-cancelled");

        receiver.healthy();
        // a request the cancelled job already had on the wire still finishes, is stored and counts into the cancelled
        // job. Start the next job after that: its total is what is due when it starts, and an event that late request
        // delivers while the next job is on its way is no longer due by the time the job gets to it ("3 of 4 sent")
        browser.await(
                "the cancelled job's last request stored",
                d -> receiver.requests().size() == count("SELECT count(*) FROM attempts WHERE workspace_id = ?", ws));
        // and the panel, still following the cancelled job, shows that late request as the API counts it
        JsonObject cancelled = hookline.admin("GET", "/v1/workspaces/" + ws + "/webhooks/" + id + "/recoveries", null)
                .json()
                .getJsonArray("data")
                .getJsonObject(0);
        assertThat(cancelled.getString("status")).isEqualTo("cancelled");
        assertThat(cancelled.getInteger("sent")).isGreaterThanOrEqualTo(1);
        browser.awaitText(
                "#recovery-counts",
                cancelled.getInteger("sent") + " of " + cancelled.getInteger("total") + " sent · "
                        + cancelled.getInteger("succeeded") + " delivered");
        browser.await(
                "the start button back", d -> browser.find("#start-recovery").isEnabled());
        browser.find("#start-recovery").click();
        browser.awaitText("#recovery-status", "Done");
        String counts = browser.find("#recovery-counts").getText();
        assertThat(counts).matches("(\\d+) of \\1 sent · \\1 delivered · 0 failed.*");
        WebElement bar = browser.find("#recovery-bar");
        assertThat(bar.getAttribute("value")).isEqualTo(bar.getAttribute("max"));
        shoot("recovery-done");

        // every missed event reached the receiver with a 2xx once the two jobs were through
        for (String eventId : missed) {
            assertThat(count(
                            "SELECT count(*) FROM attempts WHERE workspace_id = ? AND event_id = ? AND status_code = 200",
                            ws,
                            eventId))
                    .as(eventId)
                    .isGreaterThanOrEqualTo(1);
        }
        browser.awaitText("#attempts tbody tr", "recover");
    }

    @Test
    void rotatingTheSecretShowsTheNewOneAndTheOverlapAndBothSignaturesAreSent() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        JsonObject created = hookline.webhook(ws, receiver.url(), "message:new");
        String id = created.getString("id");
        openWebhook(ws, id);

        browser.find("#rotate-secret").click();
        assertThat(browser.awaitVisible("#rotate-overlap").getAttribute("value"))
                .isEqualTo("86400");
        Instant before = Instant.now();
        browser.find("#rotate-now").click();
        WebElement overlap = browser.awaitVisible("#rotation-overlap");
        String newSecret = browser.awaitVisible("#secret-value").getText();
        assertThat(newSecret).startsWith("whsec_").isNotEqualTo(created.getString("secret"));
        assertThat(newSecret)
                .isEqualTo(hookline.admin("GET", "/v1/workspaces/" + ws + "/webhooks/" + id + "/secret", null)
                        .json()
                        .getString("secret"));
        assertThat(overlap.getText()).contains("Until").contains("both signatures");
        Instant until =
                Instant.parse(overlap.findElement(By.cssSelector("time")).getAttribute("datetime"));
        assertThat(until).isBetween(before.plus(23, ChronoUnit.HOURS), before.plus(25, ChronoUnit.HOURS));
        shoot("secret-rotated");

        JsonObject event = Events.message(ws, Events.uid(), "received");
        assertThat(hookline.postEvent(event).status()).isEqualTo(202);
        String signature = receiver.awaitEvent(event.getString("id"), Duration.ofSeconds(20))
                .header("webhook-signature");
        assertThat(signature.split(" ")).hasSize(2).allMatch(s -> s.startsWith("v1,"));
    }

    @Test
    void onADisabledWebhookRecoverIsOffSayingWhyAndResendSaysItInPlainWords() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        String id = hookline.webhook(ws, receiver.url(), "message:new").getString("id");
        assertThat(hookline.postEvent(Events.message(ws, Events.uid(), "received"))
                        .status())
                .isEqualTo(202);
        awaitCount(1, "SELECT count(*) FROM attempts WHERE workspace_id = ?", ws);
        assertThat(hookline.admin(
                                "PATCH",
                                "/v1/workspaces/" + ws + "/webhooks/" + id,
                                new JsonObject().put("enabled", false))
                        .status())
                .isEqualTo(200);

        openWebhook(ws, id);
        assertThat(browser.awaitText("#recovery-off-hint", "turned off").getText())
                .contains("turn on \"Webhook enabled\"");
        assertThat(browser.find("#start-recovery").isEnabled()).isFalse();
        shoot("recover-webhook-off");

        browser.awaitText("#attempts tbody tr", "200")
                .findElement(By.cssSelector("button[data-attempt]"))
                .click();
        browser.awaitVisible("#attempt-request-body");
        browser.find("#resend-attempt").click();
        assertThat(browser.awaitText("#resend-result", "Nothing was sent").getText())
                .contains("turned off")
                .doesNotContain("PATCH");
        browser.find("#close-attempt").click();

        browser.find("input.switch").click();
        browser.await("Recover on again", d -> browser.find("#start-recovery").isEnabled());
        assertThat(browser.find("#recovery-off-hint").getText()).isEmpty();
    }

    @Test
    void anEmptySinceIsCalledOutBeforeAnythingIsAsked() {
        String ws = newWorkspace();
        String id = hookline.webhook(ws, receiver().url(), "message:new").getString("id");
        openWebhook(ws, id);
        browser.find("[data-field=since] input").clear();
        browser.find("#start-recovery").click();
        assertThat(browser.awaitText("[data-field=since] .field-error", "Pick the time to recover from.")
                        .isDisplayed())
                .isTrue();
        assertThat(browser.find("#recovery").getText()).doesNotContain("ISO-8601");
        assertThat(count("SELECT count(*) FROM recoveries WHERE webhook_id = ?::uuid", id))
                .isZero();
    }

    @Test
    void aResendOfAnEventTheWebhookNoLongerTakesSaysWhyInItsHeadline() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        String id = hookline.webhook(ws, receiver.url(), "message:new").getString("id");
        JsonObject event = Events.message(ws, Events.uid(), "received");
        assertThat(hookline.postEvent(event).status()).isEqualTo(202);
        awaitCount(1, "SELECT count(*) FROM attempts WHERE workspace_id = ?", ws);
        assertThat(hookline.admin(
                                "PATCH",
                                "/v1/workspaces/" + ws + "/webhooks/" + id,
                                new JsonObject().put("event_type", "call:incoming:missed"))
                        .status())
                .isEqualTo(200);

        openWebhook(ws, id);
        browser.awaitText("#attempts tbody tr", "200")
                .findElement(By.cssSelector("button[data-attempt]"))
                .click();
        browser.awaitVisible("#attempt-request-body");
        browser.find("#resend-attempt").click();
        assertThat(browser.awaitText("#resend-result", "(422)").getText())
                .contains("Nothing was sent. This event cannot go to this webhook (422)")
                .contains("event_not_deliverable")
                .doesNotContain("Some values were refused");
        assertThat(receiver.requests()).hasSize(1);
    }

    private void openWebhook(String ws, String id) {
        adminOpens(ws);
        go("#/ws/" + ws + "/webhooks/" + id);
        browser.awaitVisible("#webhook-facts");
    }
}
