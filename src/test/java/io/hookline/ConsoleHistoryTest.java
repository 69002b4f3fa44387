package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.ConsoleTest;
import io.hookline.testing.Events;
import io.hookline.testing.Http;
import io.hookline.testing.Receiver;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Verifies, in headless Chromium, the screens that explain what happened: event lookup for a skipped and a delivered
 * call, and after an auto-disable the webhook list's reason, the audit log and the notification outbox.
 */
class ConsoleHistoryTest extends ConsoleTest {

    @Override
    protected JsonObject settings() {
        return new JsonObject().put("failure_threshold", 2).put("warn_after_failures", 0);
    }

    @Test
    void eventLookupSaysWhyARingingCallFiredNothingAndWhereAMissedCallWent() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        hookline.webhook(ws, receiver.url(), "call:incoming:missed");
        JsonObject ringing = Events.call(ws, "incoming", "Ringing");
        JsonObject missed = Events.call(ws, "incoming", "Missed");
        assertThat(hookline.postEvent(ringing).status()).isEqualTo(202);
        assertThat(hookline.postEvent(missed).status()).isEqualTo(202);
        receiver.awaitEvent(missed.getString("id"), Duration.ofSeconds(20));
        awaitCount(1, "SELECT count(*) FROM attempts WHERE workspace_id = ?", ws);

        adminOpens(ws);
        browser.awaitText("#nav a", "Event lookup").click();
        browser.awaitVisible("input[name=event_id]").sendKeys(ringing.getString("id"));
        browser.find("#lookup").click();
        assertThat(browser.awaitText("#event-status", "skipped").getText()).isEqualTo("skipped");
        assertThat(browser.find("#event-skip-reason").getText()).isEqualTo("call_not_final");
        assertThat(browser.find("#event-explanation").getText()).contains("still ringing");
        assertThat(browser.find("#event-result").getText()).contains("No delivery attempts.");
        shoot("event-lookup-skipped");

        browser.type("input[name=event_id]", missed.getString("id"));
        browser.find("#lookup").click();
        browser.awaitText("#event-status", "dispatched");
        WebElement delivery = browser.awaitText("#event-result tbody tr", receiver.url());
        assertThat(delivery.getText()).contains("call:incoming:missed").contains("200");
        shoot("event-lookup");

        browser.type("input[name=event_id]", "no-such-event");
        browser.find("#lookup").click();
        assertThat(browser.awaitVisible("main [role=alert]").getText())
                .contains("Not found (404)")
                .contains("no-such-event");

        // an empty id asks for one, and the last answer (a found event, about another id) goes
        browser.type("input[name=event_id]", missed.getString("id"));
        browser.find("#lookup").click();
        browser.awaitText("#event-status", "dispatched");
        browser.find("input[name=event_id]").clear();
        browser.find("#lookup").click();
        assertThat(browser.awaitText("[data-field=event_id] .field-error", "Enter an event id.")
                        .isDisplayed())
                .isTrue();
        assertThat(browser.findAll("main [role=alert]")).isEmpty();
        assertThat(browser.find("#event-result").getText()).isEmpty();
    }

    @Test
    void eventLookupShowsEachWebhooksOutcomeWithAFilteredOutOneAsDropped() {
        String ws = newWorkspace();
        Receiver delivered = receiver();
        Receiver filtered = receiver();
        hookline.webhook(ws, delivered.url(), "message:new");
        Http.Response groupsOnly = hookline.admin(
                "POST",
                "/v1/workspaces/" + ws + "/webhooks",
                new JsonObject()
                        .put("url", filtered.url())
                        .put("event_types", new JsonArray().add("message:received:new"))
                        .put("filter", new JsonObject().put("chat_type", "group")));
        assertThat(groupsOnly.status()).isEqualTo(201);
        JsonObject direct =
                Events.message(ws, Events.uid(), "received"); // a direct chat: the group filter leaves it out
        assertThat(hookline.postEvent(direct).status()).isEqualTo(202);
        delivered.awaitEvent(direct.getString("id"), Duration.ofSeconds(20));
        awaitCount(1, "SELECT count(*) FROM attempts WHERE workspace_id = ?", ws);

        adminOpens(ws);
        go("#/ws/" + ws + "/events");
        browser.awaitVisible("input[name=event_id]").sendKeys(direct.getString("id"));
        browser.find("#lookup").click();
        browser.awaitText("#event-status", "dispatched");
        WebElement sent = browser.awaitText("#event-result tbody tr", delivered.url());
        assertThat(sent.findElement(By.cssSelector("[data-outcome]")).getAttribute("data-outcome"))
                .isEqualTo("delivered");
        assertThat(sent.getText()).contains("delivered").contains("200").contains("delivery");
        WebElement dropped = browser.awaitText("#event-result tbody tr", filtered.url());
        assertThat(dropped.findElement(By.cssSelector("[data-outcome]")).getAttribute("data-outcome"))
                .isEqualTo("dropped");
        assertThat(dropped.getText())
                .contains("dropped")
                .contains("filtered_out")
                .contains("filter");
        assertThat(filtered.requests()).isEmpty();
        shoot("event-lookup-outcomes");

        // the filter changed since: the event was still judged by the filter it met, and the page says so
        String filteredId = groupsOnly.json().getString("id");
        assertThat(hookline.admin(
                                "PATCH",
                                "/v1/workspaces/" + ws + "/webhooks/" + filteredId,
                                new JsonObject().put("filter", new JsonObject().put("chat_type", "direct")))
                        .status())
                .isEqualTo(200);
        browser.script("document.querySelector('#event-result table').dataset.before = 'yes'");
        browser.find("#lookup").click();
        browser.await(
                "the lookup answered again",
                d -> browser.findAll("#event-result table[data-before]").isEmpty()
                        && browser.findAll("#event-result tbody tr").size() == 2);
        assertThat(browser.awaitText("#event-result tbody tr", filtered.url()).getText())
                .contains("dropped")
                .contains("filtered_out")
                .contains("The webhook's filter left this event out, as the filter was when the event was routed.");
    }

    @Test
    void anAutoDisabledWebhookShowsItsReasonInTheListTheAuditLogAndTheNotifications() {
        String ws = newWorkspace();
        Receiver receiver = receiver().answer(500);
        String id = hookline.webhook(ws, receiver.url(), "message:new").getString("id");
        for (int i = 1; i <= 3; i++) {
            hookline.postEvent(Events.message(ws, Events.uid(), "received"));
            awaitCount(i, "SELECT count(*) FROM attempts WHERE workspace_id = ?", ws);
        }
        awaitCount(1, "SELECT count(*) FROM notifications WHERE workspace_id = ?", ws);

        adminOpens(ws);
        WebElement row = browser.awaitText("table.cards tbody tr", receiver.url());
        assertThat(row.getText())
                .contains("Disabled after too many failures in a row")
                .contains("100 %");
        assertThat(row.findElement(org.openqa.selenium.By.cssSelector("input.switch"))
                        .isSelected())
                .isFalse();
        shoot("webhooks-disabled");

        browser.awaitText("#nav a", "Audit log").click();
        browser.awaitText("main table", "webhook.auto_disabled");
        assertThat(browser.find("main table").getText())
                .contains("webhook.created")
                .contains("system")
                .contains("enabled: true → false");
        // on a phone each cell is a label column and a value column: every changed field stays in the value column
        browser.width(390);
        @SuppressWarnings("unchecked")
        List<Number> lefts = (List<Number>)
                browser.script(
                        "const td = [...document.querySelectorAll('main table tbody td')].find(c =>"
                                + " c.getAttribute('data-label') === 'Change' && c.textContent.includes('enabled: true'));"
                                + " const left = td.getBoundingClientRect().left;"
                                + " return [...td.querySelectorAll('div.small')].map(l => l.getBoundingClientRect().left - left);");
        browser.width(1280);
        assertThat(lefts).hasSizeGreaterThan(1);
        assertThat(lefts.stream().map(Number::intValue).distinct().toList())
                .as("every line of the change starts at the same place, right of the label")
                .singleElement()
                .satisfies(left -> assertThat(left).isGreaterThan(100));
        shoot("audit");

        browser.awaitText("#nav a", "Notifications").click();
        WebElement mail = browser.awaitText("main table tbody tr", "webhook_auto_disabled");
        assertThat(mail.getText()).contains("ops-" + ws + "@example.com");
        assertThat(rows("SELECT webhook_id::text AS w FROM notifications WHERE workspace_id = ?", ws)
                        .get(0))
                .containsEntry("w", id);
        shoot("notifications");
    }
}
