package io.hookline.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.logging.LogEntry;

/**
 * Base for browser tests of the web console: a real Hookline (see {@link IntegrationTest}) and one headless Chromium
 * per class. Each test signs in afresh. After each test the browser's console must show no Content-Security-Policy
 * violation, so a console that only works with inline script or style cannot pass.
 */
public abstract class ConsoleTest extends IntegrationTest {

    protected Browser browser;

    @BeforeAll
    void startBrowser() {
        if (Browser.installed()) {
            browser = Browser.start();
        } else {
            System.out.println(Browser.MISSING);
        }
    }

    /** Per test rather than per class, so the report counts each browser test as skipped, with the reason. */
    @BeforeEach
    void needsTheBrowser() {
        Browser.assumeInstalled();
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @AfterEach
    void noContentSecurityPolicyViolations() {
        if (browser == null) {
            return;
        }
        List<String> violations = browser.consoleLog().stream()
                .map(LogEntry::getMessage)
                .filter(m -> m.contains("Content Security Policy") || m.contains("Content-Security-Policy"))
                .toList();
        assertThat(violations).as("CSP violations in the browser console").isEmpty();
    }

    protected String consoleUrl() {
        return hookline.adminUrl("/console/");
    }

    /** Opens the sign-in screen with nothing remembered in this tab. */
    protected void signInScreen() {
        browser.open(consoleUrl() + "#/signin");
        // a reload, not just a new hash: nothing of the previous test survives in the page's memory either
        browser.script("sessionStorage.clear(); document.documentElement.dataset.leaving = 'yes'; location.reload()");
        browser.await(
                "a reloaded sign-in screen",
                d -> browser.findAll("html[data-leaving]").isEmpty()
                        && !browser.findAll("#sign-in").isEmpty());
    }

    /** Signs in through the form; workspace may be empty. Does not wait for the outcome. */
    protected void submitSignIn(String token, String workspace) {
        signInScreen();
        browser.type("input[name=token]", token);
        browser.type("input[name=workspace]", workspace);
        browser.find("#sign-in").click();
    }

    /** Signs in as admin straight into a workspace and waits for its webhook list. */
    protected void adminOpens(String ws) {
        submitSignIn(Hookline.ADMIN_TOKEN, ws);
        browser.awaitText("#webhook-limit", "webhooks");
    }

    protected void go(String hash) {
        browser.open(consoleUrl() + hash);
    }

    protected void shoot(String name) {
        browser.screenshot(name, 1280, 390);
    }

    /** The text of an element even when it is inside a closed details element (getText() is empty there). */
    protected String textContent(String css) {
        return (String) browser.script("return document.querySelector(arguments[0]).textContent", css);
    }
}
