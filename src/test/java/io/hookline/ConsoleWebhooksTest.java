package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.ConsoleTest;
import io.hookline.testing.Events;
import io.hookline.testing.Receiver;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * Verifies, in headless Chromium against real loopback receivers, the webhooks screens: create (with the API's
 * validation errors next to their field), list, toggle, the limit, save and test, attempts with their detail, the
 * failed-only filter that refreshes itself, the charts, and the log download.
 */
class ConsoleWebhooksTest extends ConsoleTest {

    @Test
    void createAWebhookSeeItListedAndToggleIt() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        adminOpens(ws);
        browser.awaitText("a", "New webhook").click();
        browser.type("input[name=url]", "ftp://example.com/hook");
        browser.find("#save").click();

        WebElement urlError = browser.awaitVisible("[data-field=url] .field-error");
        assertThat(urlError.getText()).isNotBlank();
        // the form's alert sits below the fields, so it points up to them
        assertThat(browser.find(".form-alert").getText())
                .isEqualTo("The webhook was not created. Fix the field marked above.");
        assertThat(browser.find("input[name=url]").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(count("SELECT count(*) FROM webhooks WHERE workspace_id = ?", ws))
                .isZero();
        shoot("webhook-form-invalid");

        browser.type("input[name=url]", receiver.url());
        browser.find("input[name=event_types][value='message:new']").click();
        browser.find("input[name=event_types][value='call:incoming:missed']").click();
        browser.find("#save").click();
        browser.awaitText(".form-alert", "Webhook created.");
        assertThat(browser.script("return document.activeElement.id"))
                .as("the keyboard focus after the create (the button was disabled while it ran)")
                .isEqualTo("save");
        String secret = browser.find("#created-secret").getText();
        Map<String, Object> row = rows(
                        "SELECT id, secret, event_type, enabled FROM webhooks WHERE workspace_id = ?", ws)
                .get(0);
        assertThat(row)
                .containsEntry("secret", secret)
                .containsEntry("event_type", "call:incoming:missed")
                .containsEntry("enabled", true);
        assertThat(browser.find("[data-field=url] .field-error").getText()).isEmpty();

        browser.awaitText(".form-alert a", "Back to the list").click();
        WebElement listed = browser.awaitText("table.cards tbody tr", receiver.url());
        assertThat(listed.getText())
                .contains("call:incoming:missed")
                .contains("v2")
                .contains("never sent");
        assertThat(browser.find("#webhook-limit").getText()).contains("1 of 10 webhooks");
        shoot("webhooks");

        browser.find("input.switch").click();
        awaitEnabled(ws, false);
        browser.awaitText("table.cards tbody tr", "Turned off by hand");
        browser.await(
                "switch off",
                d -> !d.findElement(By.cssSelector("input.switch")).isSelected());
        browser.find("input.switch").sendKeys(Keys.SPACE);
        awaitEnabled(ws, true);
        browser.await(
                "switch on", d -> d.findElement(By.cssSelector("input.switch")).isSelected());
    }

    @Test
    void createAWebhookWithSeveralEventTypesAndAFilterAfterItsBadValuesAreShownNextToTheirFields() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        adminOpens(ws);
        browser.awaitText("a", "New webhook").click();
        browser.type("input[name=url]", receiver.url());
        browser.find("input[name=event_types][value='message:new']").click();
        browser.find("input[name=event_types][value='message:received:new']").click();
        browser.find("input[name=event_types][value='message:reaction']").click();
        browser.find("details.filter summary").click();
        browser.find("input[name='filter.chat_type'][value=group]").click();
        browser.type("input[name='filter.chat_id']", "120363, family");
        browser.type("input[name=reaction_window_ms]", "70000");
        browser.find("#save").click();

        WebElement chatIdError = browser.awaitVisible("[data-filter-key=chat_id] .field-error");
        assertThat(chatIdError.getText()).contains("integer");
        assertThat(browser.find(".form-alert").getText())
                .isEqualTo("The webhook was not created. Fix the fields marked above.");
        assertThat(browser.find("input[name='filter.chat_id']").getAttribute("aria-invalid"))
                .isEqualTo("true");
        assertThat(browser.find("[data-field=reaction_window_ms] .field-error").getText())
                .contains("60000");
        assertThat(browser.find("input[name=reaction_window_ms]").getAttribute("aria-invalid"))
                .isEqualTo("true");
        assertThat(browser.find("[data-filter-key=chat_type] .field-error").getText())
                .isEmpty();
        assertThat(browser.find("[data-field=url] .field-error").getText()).isEmpty();
        assertThat(count("SELECT count(*) FROM webhooks WHERE workspace_id = ?", ws))
                .isZero();
        shoot("webhook-form-subscription-invalid");

        browser.type("input[name='filter.chat_id']", "120363, 4455");
        browser.type("input[name=reaction_window_ms]", "1500");
        browser.find("#save").click();
        browser.awaitText(".form-alert", "Webhook created.");
        assertThat(browser.find("[data-filter-key=chat_id] .field-error").getText())
                .isEmpty();
        JsonObject stored = hookline.admin("GET", "/v1/workspaces/" + ws + "/webhooks", null)
                .json()
                .getJsonArray("data")
                .getJsonObject(0);
        assertThat(stored.getJsonArray("event_types")).containsExactly("message:received:new", "message:reaction");
        assertThat(stored.getJsonObject("filter"))
                .isEqualTo(new JsonObject()
                        .put("chat_type", "group")
                        .put("chat_id", new JsonArray().add(120363).add(4455)));
        assertThat(stored.getInteger("reaction_window_ms")).isEqualTo(1500);

        browser.awaitText(".form-alert a", "Back to the list").click();
        WebElement listed = browser.awaitText("table.cards tbody tr", receiver.url());
        assertThat(listed.getText())
                .contains("message:received:new")
                .contains("message:reaction")
                .contains("chat_type: group")
                .contains("chat_id: 120363 or 4455")
                .contains("1500 ms");
        shoot("webhooks-subscriptions");
        // on a narrow phone an event type wraps after a colon, never inside a word
        browser.width(320);
        @SuppressWarnings("unchecked")
        List<Number> lines = (List<Number>) browser.script("const code = [...document.querySelectorAll("
                + "'table.cards ul.event-types code')].find(c => c.textContent === 'message:received:new');"
                + " const words = [...code.childNodes].filter(n => n.nodeType === Node.TEXT_NODE).map(n => {"
                + " const r = document.createRange(); r.selectNodeContents(n); return r.getClientRects().length; });"
                + " return [code.getClientRects().length, Math.max(...words)];");
        browser.width(1280);
        assertThat(lines.get(0).intValue())
                .as("lines message:received:new takes at 320 px")
                .isGreaterThan(1);
        assertThat(lines.get(1).intValue()).as("lines any one part of it takes").isEqualTo(1);

        // the edit form shows what is stored, and saving it unchanged sends nothing
        listed.findElement(By.linkText("Edit")).click();
        browser.awaitVisible("details.filter[open]");
        assertThat(browser.find("input[name='filter.chat_id']").getAttribute("value"))
                .isEqualTo("120363, 4455");
        assertThat(browser.find("input[name='filter.chat_type'][value=group]").isSelected())
                .isTrue();
        assertThat(browser.find("input[name=event_types][value='message:new']").isSelected())
                .isFalse();
        shoot("webhook-form-subscription");
        browser.find("#save").click();
        browser.awaitText(".form-alert", "Nothing changed.");
        assertThat(count("SELECT count(*) FROM audit_log WHERE workspace_id = ? AND action = 'webhook.updated'", ws))
                .isZero();
    }

    @Test
    void theWebhookLimitIsShownBeforeItIsHitAndTheRefusalExplained() {
        String ws = newWorkspace();
        for (int i = 0; i < 9; i++) {
            hookline.webhook(ws, "http://127.0.0.1:9/n" + i, "message:new");
        }
        adminOpens(ws);
        assertThat(browser.find("#webhook-limit").getText())
                .contains("9 of 10 webhooks")
                .contains("1 left");
        hookline.webhook(ws, "http://127.0.0.1:9/last", "message:new");
        go("#/ws/" + ws + "/audit");
        go("#/ws/" + ws + "/webhooks");

        assertThat(browser.awaitText("#webhook-limit", "10 of 10 webhooks").getText())
                .contains("limit reached");
        assertThat(browser.awaitText("main button", "New webhook").isEnabled()).isFalse();
        go("#/ws/" + ws + "/webhooks/new");
        browser.awaitVisible("input[name=url]").sendKeys("http://127.0.0.1:9/eleventh");
        browser.find("#save").click();
        assertThat(browser.awaitVisible(".form-alert [role=alert]").getText())
                .contains("(409)")
                .contains("already has 10 webhooks");
    }

    @Test
    void saveAndTestShowsTheAnswerAndTheAttemptAppearsWithItsDetailAndInTheCharts() {
        String ws = newWorkspace();
        JsonObject message = Events.message(ws, Events.uid(), "received");
        assertThat(hookline.postEvent(message).status()).isEqualTo(202);
        Receiver receiver = receiver().answer(201).answerBody("thanks").delay(40);
        adminOpens(ws);
        browser.awaitText("a", "New webhook").click();
        browser.type("input[name=url]", receiver.url());
        browser.find("#save-and-test").click();

        assertThat(browser.awaitText("#test-status", "201").getText()).isEqualTo("201");
        assertThat(browser.find("#test-duration").getText()).matches("\\d+ ms");
        assertThat(browser.find("#test-response-body").getText()).isEqualTo("thanks");
        assertThat(count("SELECT count(*) FROM attempts WHERE workspace_id = ? AND test AND status_code = 201", ws))
                .isEqualTo(1);
        shoot("save-and-test");

        browser.awaitText(".form-alert a", "Open its page").click();
        WebElement attempt = browser.awaitText("#attempts tbody tr", "201");
        assertThat(attempt.getText()).contains("test").contains(message.getString("id"));
        attempt.findElement(By.cssSelector("button[data-attempt]")).click();
        browser.awaitVisible("#attempt-request-body");
        assertThat(browser.find("#attempt-request-body").getText())
                .contains(message.getJsonObject("message").getString("message_uid"));
        assertThat(browser.find("#attempt-dialog").getText())
                .contains("webhook-signature")
                .contains("POST " + receiver.url());
        assertThat(browser.find("#attempt-response-body").getText()).isEqualTo("thanks");
        shoot("attempt-detail");
        browser.find("#close-attempt").click();

        receiver.answer(500).answerBody("down");
        JsonObject failing = Events.message(ws, Events.uid(), "sent");
        assertThat(hookline.postEvent(failing).status()).isEqualTo(202);
        // no reload: the table refreshes itself
        browser.awaitText("#attempts tbody tr", failing.getString("id"));
        browser.find("#failed-only").click();
        browser.await(
                "failed rows only",
                d -> d.findElements(By.cssSelector("#attempts tbody tr")).size() == 1);
        assertThat(browser.find("#attempts tbody tr").getText()).contains("500").contains(failing.getString("id"));

        // charts: one real delivery, failed; the test send is not counted (summed over the rows, in case the hour
        // turned)
        String sums =
                "return ['2', '3'].map(n => [...document.querySelectorAll('#stats-table tbody td:nth-child(' + n + ')')]"
                        + ".reduce((t, td) => t + Number(td.textContent), 0))";
        browser.await(
                "the charts redrawn after the failure", d -> List.of(1L, 1L).equals(browser.script(sums)));
        assertThat(browser.findAll("#chart-attempts rect.bar-failed")).hasSize(1);
        assertThat(browser.findAll("#chart-attempts rect.bar-ok")).isEmpty();
        shoot("webhook-detail");
    }

    @Test
    void downloadLogSavesTheLogAsAJsonFile() throws Exception {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        String id = hookline.webhook(ws, receiver.url(), "message:new").getString("id");
        for (int status : new int[] {200, 503}) {
            receiver.answer(status);
            JsonObject event = Events.message(ws, Events.uid(), "received");
            hookline.postEvent(event);
            awaitCount(status == 200 ? 1 : 2, "SELECT count(*) FROM attempts WHERE workspace_id = ?", ws);
        }
        adminOpens(ws);
        browser.awaitText("a.webhook-link", receiver.url()).click();
        browser.awaitText("#attempts", "503");
        browser.find("#download-log").click();

        Path file = browser.await(
                "the log file", d -> browser.downloads().stream().findFirst().orElse(null));
        assertThat(file.getFileName().toString()).isEqualTo("webhook-" + id + "-log.json");
        JsonArray saved = new JsonArray(Files.readString(file));
        JsonArray served = hookline.admin("GET", "/v1/workspaces/" + ws + "/webhooks/" + id + "/log", null)
                .jsonArray();
        assertThat(saved).isEqualTo(served);
        assertThat(saved).hasSize(2);
        assertThat(saved.getJsonObject(0).getJsonObject("response").getInteger("status_code"))
                .isEqualTo(503);
        assertThat(saved.getJsonObject(1).getJsonObject("request").getJsonObject("body"))
                .isNotNull();

        browser.find("#reveal-secret").click();
        assertThat(browser.awaitVisible("#secret-value").getText())
                .isEqualTo(rows("SELECT secret FROM webhooks WHERE id = ?::uuid", id)
                        .get(0)
                        .get("secret"));
    }

    @Test
    void theEnabledSwitchKeepsTheKeyboardFocusWhenItsScreenIsRedrawn() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        String id = hookline.webhook(ws, receiver.url(), "message:new").getString("id");
        adminOpens(ws);
        browser.awaitText("table.cards tbody tr", receiver.url());
        browser.find("input.switch").sendKeys(Keys.SPACE);
        awaitEnabled(ws, false);
        browser.awaitText("table.cards tbody tr", "Turned off by hand");
        assertSwitchFocused(id);
        browser.driver().switchTo().activeElement().sendKeys(Keys.SPACE);
        awaitEnabled(ws, true);
        browser.await(
                "the list redrawn with the webhook on",
                d -> !browser.find("table.cards tbody tr").getText().contains("Turned off by hand"));
        assertSwitchFocused(id);

        go("#/ws/" + ws + "/webhooks/" + id);
        browser.awaitVisible("#webhook-facts");
        browser.find("input.switch").sendKeys(Keys.SPACE);
        awaitEnabled(ws, false);
        browser.awaitText("#webhook-facts", "Turned off by hand");
        assertSwitchFocused(id);
    }

    private void assertSwitchFocused(String webhookId) {
        assertThat(browser.script("const e = document.activeElement;"
                        + " return e.matches('input.switch') ? e.dataset.webhook : e.tagName"))
                .as("the focused element after the switch was redrawn")
                .isEqualTo(webhookId);
    }

    @Test
    void aFilterKeyNoChosenEventCanMatchIsWarnedAboutAndRingingIsNotOffered() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        adminOpens(ws);
        browser.awaitText("a", "New webhook").click();
        browser.type("input[name=url]", receiver.url());
        browser.find("details.filter summary").click();
        assertThat(browser.findAll("input[name='filter.call_status']"))
                .extracting(e -> e.getAttribute("value"))
                .isNotEmpty()
                .doesNotContain("Ringing");
        assertThat(browser.findAll("#filter-warning"))
                .as("no warning without a filter")
                .isEmpty();

        browser.find("input[name='filter.call_status'][value=Missed]").click();
        assertThat(browser.awaitVisible("#filter-warning").getText())
                .contains("receive nothing at all")
                .contains("message:new events will never be sent")
                .contains("call status");
        shoot("webhook-form-filter-warning");
        browser.find("input[name=event_types][value='call:incoming:missed']").click();
        browser.awaitText("#filter-warning", "never receive some of the chosen event types");
        assertThat(browser.find("#filter-warning").getText())
                .contains("message:new")
                .doesNotContain("call:incoming:missed");
        browser.find("input[name=event_types][value='message:new']").click();
        browser.await(
                "the warning gone", d -> browser.findAll("#filter-warning").isEmpty());

        browser.type("input[name='filter.emoji']", "heart");
        assertThat(browser.awaitVisible("#filter-warning").getText())
                .contains("call:incoming:missed events will never be sent")
                .contains("emoji");
        browser.find("input[name='filter.emoji']").clear();
        browser.find("input[name='filter.direction'][value=sent]").click();
        assertThat(browser.awaitText("#filter-warning", "direction").getText()).contains("incoming");

        // the warning does not stop the save, and the created webhook's form is its edit form
        assertThat(browser.find("button.danger").isDisplayed())
                .as("nothing to delete yet")
                .isFalse();
        browser.find("#save").click();
        browser.awaitText(".form-alert", "Webhook created.");
        assertThat(browser.find("main h1").getText()).isEqualTo("Edit webhook");
        assertThat(browser.find("#filter-warning").isDisplayed()).isTrue();
        assertThat(count("SELECT count(*) FROM webhooks WHERE workspace_id = ?", ws))
                .isEqualTo(1);

        shoot("webhook-form-created");
        // and, as an edit form, it can delete the webhook it just created
        browser.find("button.danger").click();
        browser.driver().switchTo().alert().accept();
        browser.await("the list", d -> d.getCurrentUrl().endsWith("/webhooks"));
        assertThat(count("SELECT count(*) FROM webhooks WHERE workspace_id = ?", ws))
                .isZero();
    }

    @Test
    void anAttemptsDetailReadsOnlyThePartOfTheLogItNeedsOnceAndMarksACutBody() {
        String ws = newWorkspace();
        Receiver receiver = receiver().answerBody("x".repeat(70_000));
        String id = hookline.webhook(ws, receiver.url(), "message:new").getString("id");
        for (int i = 1; i <= 27; i++) {
            assertThat(hookline.postEvent(Events.message(ws, Events.uid(), "received"))
                            .status())
                    .isEqualTo(202);
        }
        awaitCount(27, "SELECT count(*) FROM attempts WHERE workspace_id = ?", ws);
        adminOpens(ws);
        go("#/ws/" + ws + "/webhooks/" + id);
        assertThat(browser.awaitVisible("#attempts-cut").getText())
                .contains("latest 25")
                .contains("download the log for more");
        assertThat(browser.findAll("#attempts tbody tr")).hasSize(25);
        browser.script("performance.setResourceTimingBufferSize(100000)");

        for (int open = 0; open < 2; open++) {
            browser.findAll("#attempts button[data-attempt]").get(2).click();
            browser.awaitVisible("#attempt-request-body");
            if (open == 0) {
                assertThat(browser.script("return document.activeElement.id"))
                        .as("focused when the dialog opens: not the resend button")
                        .isEqualTo("close-attempt");
                assertThat(browser.find("#attempt-response-cut").getText()).contains("First 64 KiB shown");
                assertThat(textContent("#attempt-response-body")).hasSize(65_536);
                shoot("attempt-detail-cut-body");
            }
            browser.find("#close-attempt").click();
        }
        @SuppressWarnings("unchecked")
        List<String> reads = (List<String>) browser.script("return performance.getEntriesByType('resource')"
                + ".map(e => e.name).filter(n => n.includes('/log?'))");
        assertThat(reads).as("log reads for two looks at the third attempt").hasSize(1);
        int limit = Integer.parseInt(reads.get(0).replaceAll(".*[?&]limit=(\\d+).*", "$1"));
        assertThat(limit).as("entries read for the third attempt").isBetween(3, 10);
    }

    private void awaitEnabled(String ws, boolean enabled) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!Boolean.valueOf(enabled)
                .equals(rows("SELECT enabled FROM webhooks WHERE workspace_id = ?", ws)
                        .get(0)
                        .get("enabled"))) {
            assertThat(System.nanoTime()).as("webhook enabled = " + enabled).isLessThan(deadline);
            Receiver.sleep(50);
        }
    }
}
