package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.ConsoleTest;
import io.hookline.testing.Receiver;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Screens whose data changed under them, and what a user had typed when they leave (found by review): a webhook
 * deleted while its page is open, a switch on the list of a webhook deleted elsewhere, an edited form left by a nav
 * link, and a workspace id as long as the API allows on a phone.
 */
class ConsoleStaleScreenTest extends ConsoleTest {

    @Test
    void aWebhookDeletedWhileItsPageIsOpenLeavesOneNoticeAndNoMorePolling() {
        String ws = newWorkspace();
        String id = hookline.webhook(ws, receiver().url(), "message:new").getString("id");
        adminOpens(ws);
        go("#/ws/" + ws + "/webhooks/" + id);
        browser.awaitVisible("#webhook-facts");
        browser.awaitText("#attempts", "No attempts yet.");
        assertThat(browser.find("#attempts-updated").getText())
                .as("the refresh stamp, as every time on the console shows (not the locale's 12-hour clock)")
                .matches("Updated \\d{2}:\\d{2}:\\d{2}");
        browser.script("performance.setResourceTimingBufferSize(100000)"); // every request counted below
        assertThat(hookline.admin("DELETE", "/v1/workspaces/" + ws + "/webhooks/" + id, null)
                        .status())
                .isEqualTo(204);

        // the attempts table asks every 5 s; its next 404 turns the page into one notice
        browser.awaitText("main .alert.error", "This webhook is not there any more.");
        assertThat(browser.findAll("main .alert.error")).hasSize(1);
        assertThat(browser.findAll("#send-test, #download-log, #start-recovery, input.switch"))
                .as("no action left that can only fail")
                .isEmpty();
        assertThat(browser.find("main").getText()).contains("Back to the webhooks");
        long asked = attemptRequests();
        Receiver.sleep(6_000); // longer than the table's refresh period
        assertThat(attemptRequests()).as("attempt requests after the notice").isEqualTo(asked);
        shoot("webhook-deleted-while-open");
    }

    @Test
    void aLinkToAWebhookThatDoesNotExistShowsOneNotice() {
        String ws = newWorkspace();
        adminOpens(ws);
        go("#/ws/" + ws + "/webhooks/no-such-webhook");
        assertThat(browser.awaitText("main .alert.error", "Not found (404)").getText())
                .contains("This webhook is not there any more.");
        assertThat(browser.findAll("main .alert.error")).hasSize(1);
        assertThat(browser.findAll("#send-test, #download-log, #attempts, #recovery"))
                .isEmpty();
    }

    @Test
    void theSwitchOfAWebhookDeletedElsewhereSaysSoAndTheListLosesIt() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        String kept = hookline.webhook(ws, receiver.url("/kept"), "message:new").getString("id");
        String deleted =
                hookline.webhook(ws, receiver.url("/deleted"), "message:new").getString("id");
        adminOpens(ws);
        browser.awaitText("#webhook-limit", "2 of 10 webhooks");
        assertThat(hookline.admin("DELETE", "/v1/workspaces/" + ws + "/webhooks/" + deleted, null)
                        .status())
                .isEqualTo(204);

        browser.find("input.switch[data-webhook='" + deleted + "']").click();
        assertThat(browser.awaitText(".screen-alert", "Not found (404)").getText())
                .contains("The webhook was not changed.");
        browser.awaitText("#webhook-limit", "1 of 10 webhooks");
        assertThat(browser.findAll("input.switch"))
                .extracting(e -> e.getAttribute("data-webhook"))
                .containsExactly(kept);
    }

    @Test
    void leavingAnEditedWebhookAsksFirstAndStaysWhenDeclined() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        String id = hookline.webhook(ws, receiver.url("/before"), "message:new").getString("id");
        adminOpens(ws);
        String form = "#/ws/" + ws + "/webhooks/" + id + "/edit";
        go(form);
        browser.awaitVisible("#save");

        // nothing changed: leaving does not ask
        browser.awaitText("#nav a", "Audit log").click();
        browser.awaitText("main h1", "Audit log");
        go(form);
        browser.awaitVisible("#save");
        browser.type("input[name=url]", receiver.url("/after"));

        browser.awaitText("#nav a", "Audit log").click();
        assertThat(question().getText()).contains("not saved");
        question().dismiss();
        assertThat(browser.find("main h1").getText()).isEqualTo("Edit webhook");
        assertThat(browser.find("input[name=url]").getAttribute("value")).isEqualTo(receiver.url("/after"));
        assertThat(browser.driver().getCurrentUrl()).endsWith(form);

        // saved, it leaves without asking; the stored URL is the edited one
        browser.find("#save").click();
        browser.awaitText(".form-alert", "Webhook saved.");
        browser.awaitText("#nav a", "Audit log").click();
        browser.awaitText("main h1", "Audit log");
        assertThat(rows("SELECT url FROM webhooks WHERE id = ?::uuid", id).get(0))
                .containsEntry("url", receiver.url("/after"));

        // edited again and left on purpose: the edit is dropped, the stored URL stays
        go(form);
        browser.awaitVisible("#save");
        browser.type("input[name=url]", receiver.url("/dropped"));
        browser.awaitText("#nav a", "Webhooks").click();
        question().accept();
        browser.awaitText("main h1", "Webhooks");
        assertThat(rows("SELECT url FROM webhooks WHERE id = ?::uuid", id).get(0))
                .containsEntry("url", receiver.url("/after"));
    }

    @Test
    void backFromAnEditedWebhookDeclinedStaysAndLeavesTheHistoryAsItWas() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        String id = hookline.webhook(ws, receiver.url("/before"), "message:new").getString("id");
        adminOpens(ws);
        String list = "#/ws/" + ws + "/webhooks";
        String form = list + "/" + id + "/edit";
        go(form);
        browser.awaitVisible("#save");
        browser.type("input[name=url]", receiver.url("/typed"));

        browser.driver().navigate().back();
        question().dismiss();
        browser.await("the form's address back", d -> d.getCurrentUrl().endsWith(form));
        assertThat(browser.find("main h1").getText()).isEqualTo("Edit webhook");
        assertThat(browser.find("input[name=url]").getAttribute("value")).isEqualTo(receiver.url("/typed"));

        // the entry Back reached is still the list: Back again, agreed this time, lands there
        browser.driver().navigate().back();
        question().accept();
        browser.awaitText("main h1", "Webhooks");
        assertThat(browser.driver().getCurrentUrl()).endsWith(list);
    }

    @Test
    void aWorkspaceIdAsLongAsAllowedWrapsOnAPhoneAndSignOutStaysOnScreen() {
        String ws = "L".repeat(60) + Long.toString(System.nanoTime() % 10_000);
        assertThat(hookline.admin("PUT", "/v1/workspaces/" + ws, new JsonObject().put("name", "long id"))
                        .status())
                .isEqualTo(201);
        adminOpens(ws);
        browser.width(390);
        try {
            for (String screen : List.of("webhooks", "events")) {
                go("#/ws/" + ws + "/" + screen);
                browser.awaitVisible("main h1");
                assertThat((Long) browser.script("return document.documentElement.scrollWidth"))
                        .as("the %s page's width on a 390 px phone", screen)
                        .isLessThanOrEqualTo(390L);
                WebElement signOut = browser.find("#sign-out");
                assertThat(signOut.getRect().getX() + signOut.getRect().getWidth())
                        .as("right edge of Sign out")
                        .isLessThanOrEqualTo(390);
            }
        } finally {
            browser.width(1280);
        }
        shoot("long-workspace-id");
        assertThat(browser.find("#who")
                        .findElements(By.cssSelector(".badge"))
                        .get(0)
                        .getText())
                .isEqualTo("Workspace: " + ws);
    }

    /** The browser's question about unsaved changes, once it is asked (the hashchange that asks it comes after the click). */
    private Alert question() {
        return browser.await("the question about unsaved changes", ExpectedConditions.alertIsPresent());
    }

    /** How many times this page asked for a webhook's attempts. */
    private long attemptRequests() {
        return (Long) browser.script("return performance.getEntriesByType('resource')"
                + ".filter(e => e.name.includes('/attempts')).length");
    }
}
