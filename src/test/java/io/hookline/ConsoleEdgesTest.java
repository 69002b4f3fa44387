package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.ConsoleTest;
import io.hookline.testing.Events;
import io.hookline.testing.Receiver;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.chromium.HasCdp;

/**
 * Edges of the web console found by review: every token is listed (the 101st and older could not be revoked here), a
 * dialog never outlives its screen, a group chat id beyond 2^53 keeps its digits, Back after signing
 * in does not sign out, the audit log pages back to the oldest change, a broken %-escape in a link is not a blank page, a long webhook URL does not push
 * a phone's page sideways, and the charts' hours are right in a time zone a half hour off UTC.
 */
class ConsoleEdgesTest extends ConsoleTest {

    @Test
    void everyTokenIsListedAndTheOldestCanBeRevoked() {
        String ws = newWorkspace();
        for (int i = 1; i <= 105; i++) {
            hookline.workspaceToken(ws, "t" + i);
        }
        adminOpens(ws);
        go("#/ws/" + ws + "/tokens");
        browser.awaitText("main table", "t105");
        assertThat(browser.findAll("main table tbody tr")).hasSize(105);
        browser.driver().findElements(By.cssSelector("main table tbody tr")).stream()
                .filter(row -> row.getText().startsWith("t1\n") || row.getText().startsWith("t1 "))
                .findFirst()
                .orElseThrow()
                .findElement(By.cssSelector("button.danger"))
                .click();
        browser.driver().switchTo().alert().accept();
        browser.await(
                "the oldest token gone from the list",
                d -> browser.findAll("main table tbody tr").size() == 104);
        assertThat(count("SELECT count(*) FROM workspace_tokens WHERE workspace_id = ? AND name = 't1'", ws))
                .isZero();
    }

    @Test
    void anAttemptDialogClosesWhenTheScreenChangesAndALongUrlFitsAPhone() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        String url = receiver.url() + "/integrations/whatsapp/incoming?key=abcdef0123456789abcdef0123456789";
        String id = hookline.webhook(ws, url, "message:new").getString("id");
        JsonObject event = Events.message(ws, Events.uid(), "received");
        assertThat(hookline.postEvent(event).status()).isEqualTo(202);
        awaitCount(1, "SELECT count(*) FROM attempts WHERE workspace_id = ?", ws);

        adminOpens(ws);
        go("#/ws/" + ws + "/webhooks/" + id);
        browser.awaitText("#attempts tbody tr", "200")
                .findElement(By.cssSelector("button[data-attempt]"))
                .click();
        browser.awaitVisible("#attempt-request-body");
        browser.width(390);
        try {
            assertThat((Long) browser.script("return document.documentElement.scrollWidth"))
                    .as("the page with the attempt dialog open is no wider than the phone")
                    .isLessThanOrEqualTo(390L);
            browser.script("document.querySelector('#attempt-dialog').close()");
            assertThat((Long) browser.script("return document.documentElement.scrollWidth"))
                    .as("the webhook page is no wider than the phone")
                    .isLessThanOrEqualTo(390L);
        } finally {
            browser.width(1280);
        }
        shoot("webhook-long-url");
        browser.find("button[data-attempt]").click();
        browser.awaitVisible("#attempt-request-body");
        browser.script("location.hash = arguments[0]", "#/ws/" + ws + "/audit"); // as the Back button does
        browser.awaitText("main h1", "Audit log");
        assertThat(browser.findAll("dialog"))
                .as("no dialog of the webhook screen over the audit log")
                .isEmpty();
    }

    @Test
    void aBrokenEscapeInALinkLeadsHomeInsteadOfABlankPage() {
        adminOpens(newWorkspace());
        go("#/ws/a%E0b/webhooks");
        browser.awaitText("main h1", "Workspaces");
    }

    @Test
    void chartHoursAreLocalToTheMinuteInAHalfHourTimeZone() {
        adminOpens(newWorkspace());
        ((HasCdp) browser.driver())
                .executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", "Asia/Kolkata"));
        try {
            Object label = ((org.openqa.selenium.JavascriptExecutor) browser.driver())
                    .executeAsyncScript(
                            "const done = arguments[arguments.length - 1];"
                                    + "import(new URL('js/format.js', document.baseURI).href)"
                                    + ".then(m => done(m.hourLabel(arguments[0])), e => done('failed: ' + e))",
                            "2026-12-06T11:00:00Z");
            assertThat(label).isEqualTo("16:30");
        } finally {
            ((HasCdp) browser.driver()).executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", "UTC"));
        }
    }

    /** A WhatsApp group id: 18 digits, beyond 2^53, where a JavaScript number would show (and save) other digits. */
    private static final long GROUP = 120363025246125486L;

    @Test
    void aGroupChatIdBeyondTwoToTheFiftyThirdIsSavedShownAndReadBackExactly() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        adminOpens(ws);
        browser.awaitText("a", "New webhook").click();
        browser.type("input[name=url]", receiver.url());
        browser.find("details.filter summary").click();
        browser.type("input[name='filter.chat_id']", Long.toString(GROUP));
        browser.find("#save").click();
        browser.awaitText(".form-alert", "Webhook created.");
        JsonObject stored = hookline.admin("GET", "/v1/workspaces/" + ws + "/webhooks", null)
                .json()
                .getJsonArray("data")
                .getJsonObject(0);
        assertThat(stored.getJsonObject("filter").getLong("chat_id")).isEqualTo(GROUP);

        browser.awaitText(".form-alert a", "Back to the list").click();
        assertThat(browser.awaitText("table.cards tbody tr", receiver.url()).getText())
                .contains("chat_id: " + GROUP);
        JsonObject event = Events.message(ws, Events.uid(), "sent");
        event.getJsonObject("chat").put("chat_id", GROUP).put("chat_type", "group");
        assertThat(hookline.postEvent(event).status()).isEqualTo(202);
        assertThat(receiver.awaitEvent(event.getString("id"), java.time.Duration.ofSeconds(30))
                        .bodyText())
                .contains("\"chat_id\":" + GROUP);

        go("#/ws/" + ws + "/webhooks/" + stored.getString("id"));
        browser.awaitText("#attempts tbody tr", "200")
                .findElement(By.cssSelector("button[data-attempt]"))
                .click();
        assertThat(browser.awaitVisible("#attempt-request-body").getText()).contains("\"chat_id\": " + GROUP);
        browser.script("document.querySelector('#attempt-dialog').close()");
        browser.find("a[href$='/edit']").click();
        browser.awaitVisible("details.filter[open]");
        assertThat(browser.find("input[name='filter.chat_id']").getAttribute("value"))
                .isEqualTo(Long.toString(GROUP));
    }

    @Test
    void backFromTheFirstScreenAfterSigningInDoesNotEndTheSession() {
        String ws = newWorkspace();
        adminOpens(ws);
        browser.find("#nav a[href$='/audit']").click();
        browser.awaitText("main h1", "Audit log");
        browser.script("history.back()");
        browser.awaitText("#webhook-limit", "webhooks");
        // once more: before, this was the sign-in screen, which ended the session; now it is whatever came before
        browser.script("history.back()");
        Receiver.sleep(300);
        browser.script("history.forward()");
        browser.awaitText("#webhook-limit", "webhooks");
        assertThat(browser.find("#sign-out").isDisplayed())
                .as("still signed in")
                .isTrue();
    }

    @Test
    void theAuditLogShowsOlderChangesOnAsking() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        String id = hookline.webhook(ws, receiver.url(), "message:new").getString("id");
        for (int i = 1; i <= 104; i++) {
            assertThat(hookline.admin(
                                    "PATCH",
                                    "/v1/workspaces/" + ws + "/webhooks/" + id,
                                    new JsonObject().put("url", receiver.url("/v" + i)))
                            .status())
                    .isEqualTo(200);
        }
        adminOpens(ws);
        go("#/ws/" + ws + "/audit");
        browser.awaitVisible("button.older");
        assertThat(browser.findAll("main table tbody tr")).as("the first page").hasSize(100);
        assertThat(browser.find("main table tbody tr").getText()).contains("/v104");
        browser.script("document.querySelector('button.older').scrollIntoView()");
        shoot("audit-older");
        browser.find("button.older").click();
        browser.await(
                "every change listed",
                d -> browser.findAll("main table tbody tr").size() == 105);
        assertThat(browser.findAll("button.older")).as("no older page left").isEmpty();
        assertThat(browser.findAll("main table tbody tr").get(104).getText())
                .as("the oldest change")
                .contains("created");
        assertThat(browser.script("return document.activeElement.tagName + ' ' + document.activeElement.textContent"))
                .as("the keyboard focus, once the button is gone: the first row it added")
                .asString()
                .startsWith("TR ")
                .contains("/v4");
    }

    private static final String LONG_EVENT_ID = "L".repeat(128);
    private static final String LONG_NAME = "N".repeat(120);

    @Test
    void aLongEventIdAndALongWorkspaceNameWrapInsteadOfPushingColumnsOffTheScreen() {
        String ws = newWorkspace();
        Receiver receiver = receiver();
        String id = hookline.webhook(ws, receiver.url(), "message:new").getString("id");
        JsonObject event = Events.message(ws, Events.uid(), "received").put("id", LONG_EVENT_ID);
        assertThat(hookline.postEvent(event).status()).isEqualTo(202);
        awaitCount(1, "SELECT count(*) FROM attempts WHERE workspace_id = ?", ws);
        String wide = "ws-" + Long.toHexString(System.nanoTime());
        assertThat(hookline.admin("PUT", "/v1/workspaces/" + wide, new JsonObject().put("name", LONG_NAME))
                        .status())
                .isEqualTo(201);

        adminOpens(ws);
        go("#/ws/" + ws + "/webhooks/" + id);
        browser.awaitText("#attempts tbody tr", LONG_EVENT_ID);
        assertFits("#attempts", "button[data-attempt]");
        shoot("attempts-long-event-id");

        go("#/workspaces");
        browser.awaitText("main table", LONG_NAME);
        assertFits("main table", "main table tbody tr td:last-child time");
        shoot("workspaces-long-name");
    }

    /** At 1280 px the table needs no sideways scrolling and its last column is on the screen. */
    private void assertFits(String table, String lastColumn) {
        @SuppressWarnings("unchecked")
        List<Number> sizes = (List<Number>) browser.script(
                "const wrap = document.querySelector(arguments[0]).closest('.table-wrap') || "
                        + "document.querySelector(arguments[0]).querySelector('.table-wrap');"
                        + " return [wrap.scrollWidth - wrap.clientWidth,"
                        + " document.querySelector(arguments[1]).getBoundingClientRect().right, window.innerWidth];",
                table,
                lastColumn);
        assertThat(sizes.get(0).intValue())
                .as("how far the table overflows its box")
                .isLessThanOrEqualTo(0);
        assertThat(sizes.get(1).doubleValue())
                .as("right edge of the last column")
                .isLessThanOrEqualTo(sizes.get(2).doubleValue());
    }

    @Test
    void theWorkspaceListShowsOlderWorkspacesOnAsking() {
        String oldest = newWorkspace();
        for (int i = 0; i < 100; i++) {
            newWorkspace();
        }
        long total = count("SELECT count(*) FROM workspaces");
        assertThat(total).isBetween(101L, 200L);
        submitSignIn(io.hookline.testing.Hookline.ADMIN_TOKEN, "");
        browser.awaitText("main h1", "Workspaces");
        browser.awaitVisible("button.older");
        assertThat(browser.findAll("main table tbody tr")).as("the first page").hasSize(100);
        assertThat(browser.find("main").getText()).doesNotContain(oldest);
        browser.script("document.querySelector('button.older').scrollIntoView()");
        shoot("workspaces-older");
        browser.find("button.older").sendKeys(Keys.ENTER);
        browser.await(
                "every workspace listed",
                d -> browser.findAll("main table tbody tr").size() == total);
        assertThat(browser.findAll("button.older")).as("no older page left").isEmpty();
        assertThat(browser.find("main table").getText()).contains(oldest);
        assertThat(browser.script("return document.activeElement.tagName")).isEqualTo("TR");
    }

    @Test
    void aWrongChatIdIsNamedAndOneTooBigIsCalledOutOfRange() {
        String ws = newWorkspace();
        adminOpens(ws);
        browser.awaitText("a", "New webhook").click();
        browser.type("input[name=url]", receiver().url());
        browser.find("details.filter summary").click();
        browser.type("input[name='filter.chat_id']", "120363, 99999999999999999999");
        browser.find("#save").click();
        assertThat(browser.awaitVisible("[data-filter-key=chat_id] .field-error")
                        .getText())
                .contains("\"99999999999999999999\"")
                .contains("out of range");

        browser.type("input[name='filter.chat_id']", "1, x2, 3");
        browser.find("#save").click();
        browser.awaitText("[data-filter-key=chat_id] .field-error", "\"x2\"");
        assertThat(browser.find("[data-filter-key=chat_id] .field-error").getText())
                .contains("integer")
                .doesNotContain("out of range");
        assertThat(count("SELECT count(*) FROM webhooks WHERE workspace_id = ?", ws))
                .isZero();
    }
}
