package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Http;
import io.hookline.testing.IntegrationTest;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Verifies how the admin listener serves the web console: from the jar, with the security and cache
 * headers, with no inline script or style anywhere, and {@code GET /v1/me}, which the console signs in with.
 */
class ConsoleServingTest extends IntegrationTest {

    private static final Path WEB_ROOT = webRoot();

    private Http.Response get(String path, Map<String, String> headers) {
        return Http.send("GET", hookline.adminUrl(path), null, null, null, headers);
    }

    @Test
    void thePageAndItsModulesComeWithStrictSecurityHeaders() {
        for (String path : List.of("/console/", "/console/js/app.js", "/console/console.css")) {
            Http.Response r = get(path, Map.of());
            assertThat(r.status()).as(path).isEqualTo(200);
            String csp = r.header("content-security-policy");
            assertThat(csp)
                    .as(path)
                    .contains(
                            "default-src 'none'",
                            "script-src 'self'",
                            "style-src 'self'",
                            "connect-src 'self'",
                            "img-src 'self';",
                            "frame-ancestors 'none'",
                            "form-action 'none'",
                            "base-uri 'none'")
                    .doesNotContain("unsafe-inline")
                    .doesNotContain("unsafe-eval");
            assertThat(r.header("x-frame-options")).isEqualTo("DENY");
            assertThat(r.header("referrer-policy")).isEqualTo("no-referrer");
            assertThat(r.header("x-content-type-options")).isEqualTo("nosniff");
            assertThat(r.header("set-cookie")).as("no cookies").isNull();
        }
        assertThat(get("/console/", Map.of()).header("content-type")).startsWith("text/html");
        assertThat(get("/console/js/app.js", Map.of()).header("content-type")).contains("javascript");
        assertThat(get("/console/console.css", Map.of()).header("content-type")).startsWith("text/css");
    }

    @Test
    void assetsRevalidateCheaplyAndUnknownOnesAreJson404s() {
        Http.Response first = get("/console/js/api.js", Map.of());
        assertThat(first.header("cache-control")).isEqualTo("no-cache");
        assertThat(first.header("last-modified")).isNotBlank();

        Http.Response again = get("/console/js/api.js", Map.of("If-Modified-Since", first.header("last-modified")));
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();

        Http.Response missing = get("/console/js/nope.js", Map.of());
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.errorCode()).isEqualTo("not_found");
        Http.Response bare = get("/console", Map.of());
        assertThat(bare.status()).isEqualTo(301);
        assertThat(bare.header("location")).isEqualTo("/console/");

        // the console is read only: another method is a 405 naming the ones it takes, as on every path
        for (String path : new String[] {"/console/", "/console/js/app.js", "/console/js/nope.js"}) {
            Http.Response post = Http.send("POST", hookline.adminUrl(path), null, "application/json", new byte[0]);
            assertThat(post.status()).as(path + " " + post.body()).isEqualTo(405);
            assertThat(post.header("allow")).as(path).isEqualTo("GET, HEAD");
            assertThat(post.errorCode()).isEqualTo("method_not_allowed");
        }
    }

    /** The CSP would block these; the check here names the file, where a browser would only log a violation. */
    @Test
    void noFileOfTheConsoleUsesInlineScriptStyleOrMarkupInjection() throws IOException {
        Pattern inlineScript = Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>", Pattern.CASE_INSENSITIVE);
        Pattern inlineHandler = Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE);
        Pattern remote = Pattern.compile("(src|href)=\"(https?:)?//", Pattern.CASE_INSENSITIVE);
        try (Stream<Path> files = Files.walk(WEB_ROOT)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(file);
                String name = WEB_ROOT.relativize(file).toString();
                assertThat(text).as(name).doesNotContainIgnoringCase("style=").doesNotContain("<style");
                if (name.endsWith(".html")) {
                    assertThat(inlineScript.matcher(text).find())
                            .as(name + " inline script")
                            .isFalse();
                    assertThat(inlineHandler.matcher(text).find())
                            .as(name + " inline handler")
                            .isFalse();
                    assertThat(remote.matcher(text).find())
                            .as(name + " loads nothing from elsewhere")
                            .isFalse();
                }
                if (name.endsWith(".js")) {
                    assertThat(text)
                            .as(name)
                            .doesNotContain("innerHTML")
                            .doesNotContain("outerHTML =")
                            .doesNotContain("insertAdjacentHTML")
                            .doesNotContain("eval(")
                            .doesNotContain("new Function")
                            .doesNotContain("setAttribute('style'")
                            .doesNotContain("localStorage")
                            .doesNotContain("document.cookie");
                }
            }
        }
    }

    @Test
    void meSaysWhatATokenIsAndTheWebhookLimit() {
        String ws = newWorkspace();
        String token = hookline.workspaceToken(ws, "console-user");

        JsonObject admin = hookline.admin("GET", "/v1/me", null).json();
        assertThat(admin.getMap())
                .containsEntry("admin", true)
                .containsEntry("actor", "admin")
                .containsEntry("workspace_id", null);
        assertThat(admin.getJsonObject("limits").getInteger("webhooks_per_workspace"))
                .isEqualTo(10);
        JsonObject workspace =
                Http.json("GET", hookline.adminUrl("/v1/me"), token, null).json();
        assertThat(workspace.getMap())
                .containsEntry("admin", false)
                .containsEntry("actor", "console-user")
                .containsEntry("workspace_id", ws);
        Http.Response refused = Http.json("GET", hookline.adminUrl("/v1/me"), "wrong", null);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.errorCode()).isEqualTo("unauthorized");
    }

    private static Path webRoot() {
        try {
            return Path.of(ConsoleServingTest.class
                            .getResource("/io/hookline/console/index.html")
                            .toURI())
                    .getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
