package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.NodeTools;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verifies that Redocly CLI (the version pinned in src/test/node/package.json, installed by {@code .ci/run} with
 * {@code npm ci}) reports no error and no warning with its recommended rules on the OpenAPI document Hookline serves.
 * Offline: the CLI runs from node_modules with telemetry and update checks off.
 */
@Timeout(120)
class OpenApiLintTest {

    private static final String TOOLS = "src/test/node";
    private static final Path DOCUMENT = Path.of("src/main/resources/openapi.yaml");

    @Test
    void redoclyRecommendedRulesReportNoErrorAndNoWarning() throws Exception {
        Lint lint = lint(DOCUMENT);

        assertThat(lint.report().getString("version"))
                .as("the pinned Redocly CLI ran")
                .isEqualTo(pinnedVersion());
        assertThat(lint.problems()).as("Redocly problems").isEmpty();
        assertThat(lint.totals().getInteger("errors")).isZero();
        assertThat(lint.totals().getInteger("warnings")).isZero();
        assertThat(lint.exitCode()).isZero();
    }

    @Test
    void theLintReallyCatchesProblems(@TempDir Path dir) throws Exception {
        // the document's first-round mistake: an unquoted description with commas inside a flow mapping
        String broken = Files.readString(DOCUMENT)
                .replace(
                        "actor: {type: string, description: \"admin, a workspace token's name, or system\"}",
                        "actor: {type: string, description: admin, a workspace token's name, or system}");
        assertThat(broken).isNotEqualTo(Files.readString(DOCUMENT));
        Path copy = dir.resolve("openapi.yaml");
        Files.writeString(copy, broken);

        Lint lint = lint(copy);

        assertThat(lint.totals().getInteger("errors")).isPositive();
        assertThat(lint.problems()).anyMatch(p -> p.contains("struct") && p.contains("or system"));
        assertThat(lint.exitCode()).isNotZero();
    }

    private record Lint(int exitCode, JsonObject report) {
        JsonObject totals() {
            return report.getJsonObject("totals");
        }

        List<String> problems() {
            JsonArray problems = report.getJsonArray("problems");
            return problems.stream()
                    .map(p -> (JsonObject) p)
                    .map(p -> p.getString("severity") + " " + p.getString("ruleId") + ": " + p.getString("message")
                            + " at "
                            + p.getJsonArray("location").getJsonObject(0).getString("pointer"))
                    .toList();
        }
    }

    private static Lint lint(Path document) throws IOException, InterruptedException {
        Path node = NodeTools.node();
        Path cli = NodeTools.installed(TOOLS, "@redocly/cli/bin/cli.js");
        ProcessBuilder builder = new ProcessBuilder(
                        node.toString(),
                        cli.toString(),
                        "lint",
                        "--extends=recommended",
                        "--lint-config=off",
                        "--format=json",
                        "--max-problems=1000",
                        document.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("REDOCLY_TELEMETRY", "off");
        builder.environment().put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
        builder.environment().put("NO_UPDATE_NOTIFIER", "1");
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("redocly finished").isTrue();
        int json = out.indexOf('{');
        assertThat(json).as("redocly printed a JSON report: " + out).isNotNegative();
        return new Lint(process.exitValue(), new JsonObject(out.substring(json)));
    }

    private static String pinnedVersion() throws IOException {
        return new JsonObject(Files.readString(Path.of(TOOLS, "package.json")))
                .getJsonObject("devDependencies")
                .getString("@redocly/cli");
    }
}
