package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.ConsoleTest;
import io.hookline.testing.Hookline;
import io.hookline.testing.Http;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * Verifies, in headless Chromium, signing in to the console: a wrong token refused with a message, a workspace token
 * confined to its workspace, the admin's workspace and token management, a sign-in done with the keyboard alone, and
 * a link into the console (as notification mails have) that opens its screen once signed in.
 */
class ConsoleAccessTest extends ConsoleTest {

    @Test
    void aWrongTokenIsRefusedWithAMessageNotABlankScreen() {
        signInScreen();
        shoot("signin");
        submitSignIn("not-a-token", "");

        WebElement alert = browser.awaitVisible(".form-alert [role=alert]");
        assertThat(alert.getText())
                .contains("Hookline refused this token (401)")
                .contains("not a valid admin or workspace token");
        assertThat(browser.script("return sessionStorage.getItem('hookline.console')"))
                .as("nothing kept")
                .isNull();
        assertThat(browser.findAll("#nav a")).isEmpty();
        assertThat(browser.driver().getCurrentUrl()).doesNotContain("not-a-token");
        shoot("signin-refused");
    }

    @Test
    void aWorkspaceTokenOpensItsOwnWorkspaceAndCannotSeeAnother() {
        String wsA = newWorkspace();
        String wsB = newWorkspace();
        hookline.webhook(wsA, "http://127.0.0.1:9/team-a", "message:new");
        hookline.webhook(wsB, "http://127.0.0.1:9/team-b", "message:new");
        String tokenA = hookline.workspaceToken(wsA, "team-a");

        submitSignIn(tokenA, "");
        browser.awaitText("main", "http://127.0.0.1:9/team-a");
        assertThat(browser.text()).contains("Workspace: " + wsA).doesNotContain("team-b");
        assertThat(browser.find("#nav").getText()).doesNotContain("Workspaces").doesNotContain("Tokens");

        go("#/ws/" + wsB + "/webhooks");
        assertThat(browser.awaitVisible("main [role=alert]").getText())
                .contains("This token may not do that (403)")
                .contains("not valid for that workspace");
        assertThat(browser.text()).doesNotContain("team-b");

        submitSignIn(tokenA, wsB);
        assertThat(browser.awaitVisible(".form-alert [role=alert]").getText())
                .contains("Workspace '" + wsB + "' cannot be opened with this token")
                .contains("(403)");
        assertThat(browser.script("return sessionStorage.getItem('hookline.console')"))
                .isNull();
        assertThat(browser.driver().getCurrentUrl()).doesNotContain(tokenA);
    }

    @Test
    void theAdminCreatesAWorkspaceThenMintsAndRevokesATokenShownOnce() {
        String ws = "console-" + Long.toHexString(System.nanoTime());
        submitSignIn(Hookline.ADMIN_TOKEN, "");
        browser.awaitText("main h1", "Workspaces");
        shoot("workspaces");
        browser.type("input[name=workspace_id]", ws);
        browser.type("input[name=name]", "Console team");
        browser.type("input[name=notification_email]", "ops@example.com");
        browser.awaitText("button", "Create workspace").click();
        browser.awaitText("#webhook-limit", "0 of 10 webhooks");
        assertThat(rows("SELECT name, notification_email FROM workspaces WHERE id = ?", ws)
                        .get(0))
                .containsEntry("name", "Console team")
                .containsEntry("notification_email", "ops@example.com");

        browser.awaitText("#nav a", "Tokens").click();
        browser.type("input[name=name]", "crm-sync");
        browser.awaitText("button", "Create token").click();
        String token = browser.awaitVisible("#new-token-value").getText();
        assertThat(token).startsWith("hlw_");
        browser.awaitText("main table", "crm-sync");
        assertThat(Http.json("GET", hookline.adminUrl("/v1/me"), token, null)
                        .json()
                        .getString("workspace_id"))
                .isEqualTo(ws);
        shoot("tokens");

        browser.awaitText("button", "Revoke").click();
        browser.driver().switchTo().alert().accept();
        browser.awaitText("main", "No tokens yet.");
        browser.await(
                "the keyboard focus on the token list's heading, its Revoke button gone",
                d -> "tokens".equals(browser.script("return document.activeElement.id")));
        assertThat(browser.findAll("#new-token-value"))
                .as("the revoked token is no longer on screen")
                .isEmpty();
        assertThat(browser.find("main").getText()).doesNotContain(token);
        assertThat(count("SELECT count(*) FROM workspace_tokens WHERE workspace_id = ?", ws))
                .isZero();
        assertThat(Http.json("GET", hookline.adminUrl("/v1/me"), token, null).status())
                .isEqualTo(401);
    }

    @Test
    void aTokenNameRefusedOnceIsNoLongerMarkedWrongOnceATokenIsCreated() {
        String ws = newWorkspace();
        adminOpens(ws);
        go("#/ws/" + ws + "/tokens");
        browser.awaitText("button", "Create token").click();
        assertThat(browser.awaitVisible("[data-field=name] .field-error").getText())
                .isNotBlank();
        assertThat(browser.find("input[name=name]").getAttribute("aria-invalid"))
                .isEqualTo("true");

        browser.type("input[name=name]", "crm-sync");
        browser.awaitText("button", "Create token").click();
        browser.awaitVisible("#new-token-value");
        assertThat(browser.findAll("[data-field=name] .field-error"))
                .allSatisfy(e -> assertThat(e.getText()).isEmpty());
        assertThat(browser.find("input[name=name]").getAttribute("aria-invalid"))
                .isNull();
        assertThat(browser.find("main").getText()).doesNotContain("must be");
    }

    @Test
    void aTokenRevokedMidSessionEndsTheSessionWithAMessage() {
        String ws = newWorkspace();
        String token = hookline.workspaceToken(ws, "soon-revoked");
        submitSignIn(token, "");
        browser.awaitText("#webhook-limit", "0 of 10 webhooks");
        String id = hookline.admin("GET", "/v1/workspaces/" + ws + "/tokens", null)
                .json()
                .getJsonArray("data")
                .getJsonObject(0)
                .getString("id");
        assertThat(hookline.admin("DELETE", "/v1/workspaces/" + ws + "/tokens/" + id, null)
                        .status())
                .isEqualTo(204);

        browser.awaitText("#nav a", "Audit log").click();
        assertThat(browser.awaitVisible(".alert.info").getText()).contains("no longer accepted (401)");
        browser.awaitVisible("#sign-in");
        assertThat(browser.script("return sessionStorage.getItem('hookline.console')"))
                .isNull();
    }

    @Test
    void signingInWorksFromTheKeyboardAndEveryControlHasALabel() {
        String ws = newWorkspace();
        signInScreen();
        WebElement focused = browser.driver().switchTo().activeElement();
        assertThat(focused.getAttribute("name")).as("the token field has focus").isEqualTo("token");
        focused.sendKeys(Hookline.ADMIN_TOKEN, Keys.TAB, Keys.TAB, ws, Keys.ENTER);
        browser.awaitText("#webhook-limit", "0 of 10 webhooks");

        go("#/ws/" + ws + "/webhooks/new");
        browser.awaitVisible("#save");
        Object unlabelled = browser.script(
                "return [...document.querySelectorAll('input, select, textarea')]"
                        + ".filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')).map(e => e.outerHTML)");
        assertThat((java.util.List<?>) unlabelled).isEmpty();
        browser.find("input[name=url]").sendKeys(Keys.TAB);
        String outline = (String) browser.script("return getComputedStyle(document.activeElement).outlineStyle");
        assertThat(outline).as("the focused control shows a focus ring").isNotEqualTo("none");
    }

    @Test
    void aLinkToAWebhookOpensThatWebhookOnceSignedIn() {
        String ws = newWorkspace();
        String id = hookline.webhook(ws, "http://127.0.0.1:9/from-a-mail", "message:new")
                .getString("id");
        String token = hookline.workspaceToken(ws, "mail-reader");
        signInScreen();

        go("#/ws/" + ws + "/webhooks/" + id);
        browser.awaitVisible("#sign-in");
        browser.type("input[name=token]", token);
        browser.find("#sign-in").click();

        browser.awaitVisible("[data-webhook-url='http://127.0.0.1:9/from-a-mail']");
        assertThat(browser.driver().getCurrentUrl())
                .endsWith("#/ws/" + ws + "/webhooks/" + id)
                .doesNotContain(token);
    }
}
