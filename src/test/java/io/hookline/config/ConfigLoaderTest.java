package io.hookline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Verifies configuration: file, environment overrides, defaults, generated tokens and clear errors. */
class ConfigLoaderTest {

    @Test
    void theShippedFileHoldsEverySettingWithItsDefault() throws Exception {
        JsonObject file = new JsonObject(Files.readString(Path.of("conf", "hookline.json")));
        assertThat(file.fieldNames())
                .containsExactlyInAnyOrderElementsOf(
                        Settings.ALL.stream().map(Setting::key).toList());
        for (Setting<?> s : Settings.ALL) {
            assertThat(file.getValue(s.key())).as(s.key()).isEqualTo(s.defaultValue());
        }
    }

    @Test
    void theOperationsGuideDocumentsEverySetting() throws Exception {
        // the README links to docs/operations.md, which holds the configuration reference
        String readme = Files.readString(Path.of("docs", "operations.md"));
        for (Setting<?> s : Settings.ALL) {
            assertThat(readme).as(s.envName()).contains("| `" + s.envName() + "` | `" + s.key() + "` |");
        }
    }

    @Test
    void theComposeFileUsesOnlyRealSettingsAndTheImageBuildsWithTheReadmeCommand() throws Exception {
        String compose = Files.readString(Path.of("docker", "compose.yml"));
        java.util.regex.Matcher vars =
                java.util.regex.Pattern.compile("(HOOKLINE_[A-Z_]+):").matcher(compose);
        java.util.Set<String> known = new java.util.HashSet<>(
                Settings.ALL.stream().map(Setting::envName).toList());
        int found = 0;
        while (vars.find()) {
            assertThat(known).as("compose.yml sets " + vars.group(1)).contains(vars.group(1));
            found++;
        }
        assertThat(found).isGreaterThan(5);
        String dockerfile = Files.readString(Path.of("docker", "Dockerfile"));
        assertThat(Files.readString(Path.of("README.md")))
                .contains("mvn -B -q package -DskipTests && java -jar target/hookline.jar");
        assertThat(dockerfile)
                .contains("RUN mvn -B -q package -DskipTests")
                .contains("USER hookline")
                .contains("hookline.jar");
    }

    @Test
    void aConfiguredServerIsUsedAsBeforeAndABlankDataDirectoryIsRefused() {
        HooklineConfig c = ConfigLoader.resolve(
                new JsonObject(),
                Map.of("HOOKLINE_DB_URL", "postgresql://db:5432/h", "HOOKLINE_DATA_DIR", "/var/lib/hookline"));
        assertThat(c.database().embedded()).isFalse();
        assertThat(c.database().url()).isEqualTo("postgresql://db:5432/h");
        assertThat(c.database().dataDir()).isEqualTo("/var/lib/hookline");
        assertThat(c.withDatabaseUrl("postgresql://127.0.0.1:5555/hookline").database())
                .isEqualTo(
                        new HooklineConfig.Database("postgresql://127.0.0.1:5555/hookline", 12, "/var/lib/hookline"));
        assertThat(ConfigLoader.resolve(new JsonObject().put("db_url", "  "), Map.of())
                        .database()
                        .embedded())
                .isTrue();
        assertThatThrownBy(() -> ConfigLoader.resolve(new JsonObject(), Map.of("HOOKLINE_DATA_DIR", " ")))
                .hasMessageContaining("data_dir (HOOKLINE_DATA_DIR) must be a non-empty path");
    }

    @Test
    void theTwoListenersCannotShareAPortExceptAnyFreePort() {
        assertThatThrownBy(() -> ConfigLoader.resolve(
                        new JsonObject(), Map.of("HOOKLINE_INGEST_PORT", "19481", "HOOKLINE_ADMIN_PORT", "19481")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("ingest_port (HOOKLINE_INGEST_PORT) and admin_port (HOOKLINE_ADMIN_PORT) are both 19481;"
                        + " the ingest and admin listeners need a port each");
        assertThatThrownBy(() -> ConfigLoader.resolve(new JsonObject().put("admin_port", 8080), Map.of()))
                .hasMessageContaining("are both 8080");
        HooklineConfig any =
                ConfigLoader.resolve(new JsonObject().put("ingest_port", 0).put("admin_port", 0), Map.of());
        assertThat(any.listeners().ingestPort()).isZero();
        assertThat(any.listeners().adminPort()).isZero();
    }

    @Test
    void defaultsMatchTheContract() {
        HooklineConfig c = ConfigLoader.resolve(new JsonObject(), Map.of());
        assertThat(c.listeners().ingestPort()).isEqualTo(8080);
        assertThat(c.listeners().adminPort()).isEqualTo(8081);
        assertThat(c.listeners().bindAddress()).isEqualTo("0.0.0.0");
        assertThat(c.database().url())
                .as("unset: the embedded server (a fresh machine needs only Java and Maven)")
                .isEmpty();
        assertThat(c.database().embedded()).isTrue();
        assertThat(c.database().dataDir()).isEqualTo("./hookline-data");
        assertThat(c.mail().port()).isEqualTo(25);
        assertThat(c.mail().from()).isEqualTo("hookline@localhost");
        assertThat(c.mail().enabled()).isFalse();
        assertThat(c.delivery().allowPrivateTargets()).isFalse();
        assertThat(c.delivery().timeoutMs()).isEqualTo(5000);
        assertThat(c.delivery().failureThreshold()).isEqualTo(10);
        assertThat(c.admin().maxWebhooksPerWorkspace()).isEqualTo(10);
        assertThat(c.retention().logRetentionDays()).isEqualTo(10);
    }

    @Test
    void unsetTokensAreGeneratedAndMarkedSo() {
        HooklineConfig c = ConfigLoader.resolve(new JsonObject(), Map.of());
        assertThat(c.admin().tokenGenerated()).isTrue();
        assertThat(c.admin().token()).startsWith("hla_").hasSizeGreaterThan(30);
        assertThat(c.ingest().tokensGenerated()).isTrue();
        assertThat(c.ingest().tokens()).singleElement().asString().startsWith("hli_");
        assertThat(ConfigLoader.resolve(new JsonObject(), Map.of()).admin().token())
                .isNotEqualTo(c.admin().token());
    }

    @Test
    void environmentVariablesOverrideTheFile() {
        JsonObject file = new JsonObject().put("ingest_port", 9000).put("allow_private_targets", false);
        HooklineConfig c = ConfigLoader.resolve(
                file,
                Map.of(
                        "HOOKLINE_INGEST_PORT",
                        "9100",
                        "HOOKLINE_ALLOW_PRIVATE_TARGETS",
                        "true",
                        "HOOKLINE_INGEST_TOKENS",
                        " a, b ,,c",
                        "HOOKLINE_SMTP_HOST",
                        "mail.local"));
        assertThat(c.listeners().ingestPort()).isEqualTo(9100);
        assertThat(c.delivery().allowPrivateTargets()).isTrue();
        assertThat(c.ingest().tokens()).containsExactly("a", "b", "c");
        assertThat(c.ingest().tokensGenerated()).isFalse();
        assertThat(c.mail().enabled()).isTrue();
    }

    /** The file takes a number or boolean also as a string, as the environment gives it; a list is one string. */
    @Test
    void theFileTakesScalarsAsStringsAndListsAsOneString() {
        HooklineConfig c = ConfigLoader.resolve(
                new JsonObject()
                        .put("ingest_port", "19481")
                        .put("allow_private_targets", "true")
                        .put("ingest_tokens", "one, two"),
                Map.of());
        assertThat(c.listeners().ingestPort()).isEqualTo(19481);
        assertThat(c.delivery().allowPrivateTargets()).isTrue();
        assertThat(c.ingest().tokens()).containsExactly("one", "two");
        assertThatThrownBy(() -> ConfigLoader.resolve(
                        new JsonObject().put("ingest_tokens", new io.vertx.core.json.JsonArray().add("one")), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("ingest_tokens (HOOKLINE_INGEST_TOKENS) must be a comma-separated string, got '[\"one\"]'");
        assertThatThrownBy(() -> ConfigLoader.resolve(new JsonObject().put("ingest_port", 19481.5), Map.of()))
                .hasMessage("ingest_port (HOOKLINE_INGEST_PORT) must be a whole number, got '19481.5'");
    }

    /**
     * Values that started Hookline before and could never work (found by review): a mail server on port 0, a sender
     * that is not an address, a token with a space (it can never match a header), one token for admin and ingest, and
     * a number too large for its setting, which was said to be "not greater than 0".
     */
    @Test
    void valuesThatCouldNeverWorkStopTheStartWithWhatToFix() {
        assertThatThrownBy(() -> ConfigLoader.resolve(new JsonObject(), Map.of("HOOKLINE_SMTP_PORT", "0")))
                .hasMessage("smtp_port (HOOKLINE_SMTP_PORT) must be a port between 1 and 65535, got '0'");
        assertThatThrownBy(() -> ConfigLoader.resolve(new JsonObject(), Map.of("HOOKLINE_SMTP_FROM", "not an email")))
                .hasMessageStartingWith("smtp_from (HOOKLINE_SMTP_FROM) must be a mail address");
        assertThatThrownBy(() -> ConfigLoader.resolve(new JsonObject(), Map.of("HOOKLINE_SMTP_FROM", "")))
                .hasMessageStartingWith("smtp_from (HOOKLINE_SMTP_FROM) must be a mail address");
        assertThat(ConfigLoader.resolve(new JsonObject(), Map.of("HOOKLINE_SMTP_FROM", "Hookline <hooks@example.com>"))
                        .mail()
                        .from())
                .isEqualTo("Hookline <hooks@example.com>");
        assertThatThrownBy(() -> ConfigLoader.resolve(new JsonObject(), Map.of("HOOKLINE_ADMIN_TOKEN", "tok en")))
                .hasMessageStartingWith(
                        "admin_token (HOOKLINE_ADMIN_TOKEN) must be a token of printable ASCII characters without spaces")
                .hasMessageNotContaining("tok en");
        // a header carries no such token as configured, so no request could ever present it
        assertThatThrownBy(() ->
                        ConfigLoader.resolve(new JsonObject(), Map.of("HOOKLINE_ADMIN_TOKEN", "ädmin€tokenlong123")))
                .hasMessageStartingWith("admin_token (HOOKLINE_ADMIN_TOKEN) must be a token of printable ASCII")
                .hasMessageNotContaining("€token");
        assertThatThrownBy(() -> ConfigLoader.resolve(new JsonObject(), Map.of("HOOKLINE_INGEST_TOKENS", "good,tök€n")))
                .hasMessageStartingWith(
                        "ingest_tokens (HOOKLINE_INGEST_TOKENS) must be comma-separated tokens of printable");
        // shorter than one and a half heartbeats: live instances took over each other's work and sent it twice
        assertThatThrownBy(() -> ConfigLoader.resolve(new JsonObject(), Map.of("HOOKLINE_INSTANCE_LEASE_MS", "500")))
                .hasMessage("instance_lease_ms (HOOKLINE_INSTANCE_LEASE_MS) must be at least 1500 (the heartbeat is"
                        + " written every 1000 ms), got '500'");
        assertThat(ConfigLoader.resolve(new JsonObject(), Map.of("HOOKLINE_INSTANCE_LEASE_MS", "1500"))
                        .runtime()
                        .instanceLeaseMs())
                .isEqualTo(1500);
        assertThatThrownBy(() -> ConfigLoader.resolve(new JsonObject(), Map.of("HOOKLINE_INGEST_TOKENS", "a b,c")))
                .hasMessageStartingWith("ingest_tokens (HOOKLINE_INGEST_TOKENS) must be comma-separated tokens");
        assertThatThrownBy(() -> ConfigLoader.resolve(
                        new JsonObject(), Map.of("HOOKLINE_ADMIN_TOKEN", "same", "HOOKLINE_INGEST_TOKENS", "x,same")))
                .hasMessage("HOOKLINE_ADMIN_TOKEN must not also be one of HOOKLINE_INGEST_TOKENS: "
                        + "give producers a token of their own");
        assertThat(ConfigLoader.resolve(new JsonObject(), Map.of("HOOKLINE_ADMIN_TOKEN", "x"))
                        .warnings())
                .singleElement()
                .asString()
                .startsWith("admin_token (HOOKLINE_ADMIN_TOKEN) is only 1 characters long")
                .doesNotContain("'x'");
        assertThat(ConfigLoader.resolve(new JsonObject(), Map.of("HOOKLINE_ADMIN_TOKEN", "0123456789abcdef"))
                        .warnings())
                .isEmpty();
        assertThatThrownBy(() ->
                        ConfigLoader.resolve(new JsonObject(), Map.of("HOOKLINE_BIND_ADDRESS", "notahost.invalid")))
                .hasMessage("bind_address (HOOKLINE_BIND_ADDRESS) must be an address of this machine, e.g. 0.0.0.0 "
                        + "(all IPv4 interfaces) or 127.0.0.1, got 'notahost.invalid', which does not resolve");
        assertThatThrownBy(() ->
                        ConfigLoader.resolve(new JsonObject(), Map.of("HOOKLINE_DELIVERY_TIMEOUT_MS", "99999999999")))
                .hasMessage("delivery_timeout_ms (HOOKLINE_DELIVERY_TIMEOUT_MS) must be greater than 0, at most "
                        + "2147483647, got '99999999999'");
        // a thousand event loops took every connection a default PostgreSQL server has, and never came up
        assertThatThrownBy(() -> ConfigLoader.resolve(new JsonObject(), Map.of("HOOKLINE_EVENT_LOOPS", "1000")))
                .hasMessage("event_loops (HOOKLINE_EVENT_LOOPS) must be 0 (one per core) or more, at most 256, got "
                        + "'1000'");
        assertThat(ConfigLoader.resolve(new JsonObject(), Map.of("HOOKLINE_EVENT_LOOPS", "256"))
                        .runtime()
                        .eventLoops())
                .isEqualTo(256);
    }

    @Test
    void badValuesSayWhatToFix() {
        assertThatThrownBy(() -> ConfigLoader.resolve(new JsonObject(), Map.of("HOOKLINE_ADMIN_PORT", "http")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("HOOKLINE_ADMIN_PORT")
                .hasMessageContaining("http");
        assertThatThrownBy(() -> ConfigLoader.resolve(new JsonObject().put("delivery_timeout_ms", 0), Map.of()))
                .hasMessageContaining("delivery_timeout_ms")
                .hasMessageContaining("greater than 0");
        assertThatThrownBy(() -> ConfigLoader.resolve(new JsonObject().put("db_url", "mysql://x"), Map.of()))
                .hasMessageContaining("HOOKLINE_DB_URL");
        // null in the file silently meant the default (review: "ingest_port": null bound 8080)
        assertThatThrownBy(() -> ConfigLoader.resolve(new JsonObject().putNull("ingest_port"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("ingest_port (HOOKLINE_INGEST_PORT) is null in the configuration file; leave the key out"
                        + " for its default (8080)");
        assertThat(ConfigLoader.resolve(new JsonObject().putNull("ingest_port"), Map.of("HOOKLINE_INGEST_PORT", "9000"))
                        .listeners()
                        .ingestPort())
                .as("the environment overrides the file")
                .isEqualTo(9000);
        // a mail server that is no host name was accepted, then every mail failed (review)
        assertThatThrownBy(() -> ConfigLoader.resolve(new JsonObject(), Map.of("HOOKLINE_SMTP_HOST", "not_a_host!")))
                .hasMessageStartingWith("smtp_host (HOOKLINE_SMTP_HOST) must be a host name or IP address");
        assertThatThrownBy(() -> ConfigLoader.resolve(new JsonObject(), Map.of("HOOKLINE_SMTP_HOST", "mail:25")))
                .hasMessageContaining("no port: see smtp_port");
        assertThat(ConfigLoader.resolve(new JsonObject(), Map.of("HOOKLINE_SMTP_HOST", " smtp.example.com "))
                        .mail()
                        .host())
                .isEqualTo("smtp.example.com");
        // a TLS mode asked for in the URL was ignored and the connection went out in plain text (review)
        assertThatThrownBy(() -> ConfigLoader.resolve(
                        new JsonObject(), Map.of("HOOKLINE_DB_URL", "postgresql://u:secret@db:5432/h?sslmode=require")))
                .isInstanceOf(ConfigException.class)
                .hasMessageEndingWith("it has connection parameters ('sslmode'), which Hookline does not support: it"
                        + " connects without TLS (only ?sslmode=disable is accepted); leave them out")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> ConfigLoader.resolve(
                        new JsonObject(), Map.of("HOOKLINE_DB_URL", "postgresql://db/h?sslmode=disable&bogus=1")))
                .hasMessageContaining("connection parameters ('bogus')");
        assertThat(ConfigLoader.resolve(
                                new JsonObject(), Map.of("HOOKLINE_DB_URL", "postgresql://db/h?sslmode=disable"))
                        .database()
                        .url())
                .isEqualTo("postgresql://db/h?sslmode=disable");
        HooklineConfig low = ConfigLoader.resolve(new JsonObject().put("failure_threshold", 4), Map.of());
        assertThat(low.delivery().warnAfterFailures()).isEqualTo(4);
        assertThat(low.warnings())
                .anyMatch(w -> w.contains("HOOKLINE_WARN_AFTER_FAILURES") && w.contains("HOOKLINE_FAILURE_THRESHOLD"));
        assertThat(ConfigLoader.resolve(new JsonObject(), Map.of()).delivery().warnAfterFailures())
                .isEqualTo(5);
        // set above the threshold on purpose: refused at start, as the contract asks ("must be ≤ the threshold")
        assertThatThrownBy(() -> ConfigLoader.resolve(
                        new JsonObject(),
                        Map.of("HOOKLINE_WARN_AFTER_FAILURES", "20", "HOOKLINE_FAILURE_THRESHOLD", "10")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("warn_after_failures (HOOKLINE_WARN_AFTER_FAILURES) is 20, above failure_threshold "
                        + "(HOOKLINE_FAILURE_THRESHOLD), which is 10; set it to at most 10 (0 turns the "
                        + "warning off)");
        assertThatThrownBy(() -> ConfigLoader.resolve(
                        new JsonObject().put("warn_after_failures", 6).put("failure_threshold", 5), Map.of()))
                .hasMessageStartingWith("warn_after_failures (HOOKLINE_WARN_AFTER_FAILURES) is 6, above");
        // the default written out, as the shipped conf/hookline.json does, is lowered like the unset default
        HooklineConfig shipped = ConfigLoader.resolve(
                new JsonObject().put("warn_after_failures", 5), Map.of("HOOKLINE_FAILURE_THRESHOLD", "3"));
        assertThat(shipped.delivery().warnAfterFailures()).isEqualTo(3);
        assertThat(shipped.warnings()).anyMatch(w -> w.contains("the warning comes at 3 failures in a row instead"));
        assertThat(ConfigLoader.resolve(
                                new JsonObject(),
                                Map.of("HOOKLINE_WARN_AFTER_FAILURES", "10", "HOOKLINE_FAILURE_THRESHOLD", "10"))
                        .delivery()
                        .warnAfterFailures())
                .isEqualTo(10);
        assertThat(ConfigLoader.resolve(new JsonObject(), Map.of("HOOKLINE_WARN_AFTER_FAILURES", "0"))
                        .delivery()
                        .warnAfterFailures())
                .isZero();
        assertThatThrownBy(() -> ConfigLoader.resolve(new JsonObject().put("ingest_prot", 1), Map.of()))
                .hasMessageContaining("Unknown setting 'ingest_prot'");
        assertThatThrownBy(() -> ConfigLoader.load(Path.of("no/such/file.json"), true, Map.of()))
                .hasMessageContaining("no/such/file.json");
    }

    /**
     * Ingest tokens given but all empty ("," or "$EMPTY,") were taken as unset, and producers were switched to a
     * generated token without a word (black-box review); a broken file's error ran on over a second line.
     */
    @Test
    void tokensThatAreAllEmptyAndABrokenFileEachStopTheStartWithOneLine(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        assertThatThrownBy(() -> ConfigLoader.resolve(new JsonObject(), Map.of("HOOKLINE_INGEST_TOKENS", " , ")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("ingest_tokens (HOOKLINE_INGEST_TOKENS) must be at least one token; leave it unset to have"
                        + " one generated, got ' , '");
        assertThat(ConfigLoader.resolve(new JsonObject(), Map.of("HOOKLINE_INGEST_TOKENS", ""))
                        .ingest()
                        .tokensGenerated())
                .isTrue();
        Path broken = dir.resolve("broken.json");
        java.nio.file.Files.writeString(broken, "{\n  \"ingest_port\": 9000,\n}\n");
        assertThatThrownBy(() -> ConfigLoader.load(broken, true, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Configuration file " + broken + " is not valid JSON: ")
                .hasMessageEndingWith("(line 3, column 1)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    /** Choices are taken in any case, as true and false are: TRUE was taken and EPOLL refused (review). */
    @Test
    void choicesAreTakenInAnyCaseLikeBooleans() {
        HooklineConfig c = ConfigLoader.resolve(
                new JsonObject().put("log_format", "JSON"),
                Map.of("HOOKLINE_TRANSPORT", "NIO", "HOOKLINE_ALLOW_PRIVATE_TARGETS", "TRUE"));
        assertThat(c.runtime().transport()).isEqualTo("nio");
        assertThat(c.runtime().logFormat()).isEqualTo("json");
        assertThat(c.delivery().allowPrivateTargets()).isTrue();
        assertThatThrownBy(() -> ConfigLoader.resolve(new JsonObject(), Map.of("HOOKLINE_TRANSPORT", "kqueue")))
                .hasMessage("transport (HOOKLINE_TRANSPORT) must be one of auto, io_uring, epoll, nio, got 'kqueue'");
    }

    /** A key given twice in the file was last-wins (review): which of the two was meant is anyone's guess. */
    @Test
    void aFileThatGivesAKeyTwiceStopsTheStartAndCommentsStayAllowed(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path twice = dir.resolve("twice.json");
        java.nio.file.Files.writeString(
                twice, "{\n  \"ingest_port\": 9000,\n  \"admin_port\": 9001,\n  \"ingest_port\": 9100\n}\n");
        assertThatThrownBy(() -> ConfigLoader.load(twice, true, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Configuration file " + twice
                        + " gives a key twice (Duplicate field 'ingest_port' at line 4); keep one");
        Path commented = dir.resolve("commented.json");
        java.nio.file.Files.writeString(
                commented, "{\n  // the producers' port\n  \"ingest_port\": 9000, \"admin_port\": 9001\n}\n");
        assertThat(ConfigLoader.load(commented, true, Map.of()).listeners().ingestPort())
                .isEqualTo(9000);
    }

    @Test
    void theBindAddressIsAnIpAddressOrAHostName() {
        assertThat(ConfigLoader.resolve(new JsonObject(), Map.of("HOOKLINE_BIND_ADDRESS", "127.0.0.1"))
                        .listeners()
                        .bindAddress())
                .isEqualTo("127.0.0.1");
        assertThat(ConfigLoader.resolve(new JsonObject().put("bind_address", "::"), Map.of())
                        .listeners()
                        .bindAddress())
                .isEqualTo("::");
        assertThat(ConfigLoader.resolve(new JsonObject().put("bind_address", "[::1]"), Map.of())
                        .listeners()
                        .bindAddress())
                .isEqualTo("::1");
        assertThat(ConfigLoader.resolve(new JsonObject().put("bind_address", "localhost"), Map.of())
                        .listeners()
                        .bindAddress())
                .isEqualTo("localhost");
        for (String bad : new String[] {"", "not an address", "http://0.0.0.0", "0.0.0.0:8080/x", "-host"}) {
            assertThatThrownBy(() -> ConfigLoader.resolve(new JsonObject(), Map.of("HOOKLINE_BIND_ADDRESS", bad)))
                    .as(bad)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("HOOKLINE_BIND_ADDRESS");
        }
    }

    @Test
    void thePublicUrlIsAnAbsoluteHttpUrlKeptWithoutItsTrailingSlash() {
        assertThat(ConfigLoader.resolve(new JsonObject(), Map.of()).admin().publicUrl())
                .isEmpty();
        assertThat(ConfigLoader.resolve(new JsonObject(), Map.of("HOOKLINE_PUBLIC_URL", "https://hooks.example.com/"))
                        .admin()
                        .publicUrl())
                .isEqualTo("https://hooks.example.com");
        assertThat(ConfigLoader.resolve(new JsonObject().put("public_url", "http://10.0.0.5:8081/hookline"), Map.of())
                        .admin()
                        .publicUrl())
                .isEqualTo("http://10.0.0.5:8081/hookline");
        for (String bad : new String[] {
            "hooks.example.com",
            "ftp://hooks.example.com",
            "https://h.example/?a=b",
            "https://user:pw@h.example",
            "https://h.example/#top",
            "https:///path"
        }) {
            assertThatThrownBy(() -> ConfigLoader.resolve(new JsonObject(), Map.of("HOOKLINE_PUBLIC_URL", bad)))
                    .as(bad)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("HOOKLINE_PUBLIC_URL");
        }
    }

    @Test
    void theMetricsTokenIsOptionalByDefault() {
        assertThat(ConfigLoader.resolve(new JsonObject(), Map.of()).admin().metricsTokenRequired())
                .isFalse();
        assertThat(ConfigLoader.resolve(new JsonObject(), Map.of("HOOKLINE_METRICS_TOKEN_REQUIRED", "true"))
                        .admin()
                        .metricsTokenRequired())
                .isTrue();
        assertThatThrownBy(
                        () -> ConfigLoader.resolve(new JsonObject(), Map.of("HOOKLINE_METRICS_TOKEN_REQUIRED", "yes")))
                .hasMessageContaining("HOOKLINE_METRICS_TOKEN_REQUIRED");
    }

    @Test
    void aBrokenDatabaseUrlIsRefusedWithoutQuotingItsPassword() {
        assertThatThrownBy(() -> ConfigLoader.resolve(
                        new JsonObject().put("db_url", "postgresql://app:se cret^pw@db:5432/x"), Map.of()))
                .hasMessageContaining("HOOKLINE_DB_URL")
                .hasMessageNotContaining("se cret")
                .hasMessageNotContaining("pw@");
        assertThat(DatabaseUrl.parse("postgresql://app:a+b%2Bc@db/x").password())
                .isEqualTo("a+b+c");
    }

    @Test
    void databaseUrlsAreParsedForBothDrivers() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://app:s%40cret@db.internal:6543/hooks");
        assertThat(url.user()).isEqualTo("app");
        assertThat(url.password()).isEqualTo("s@cret");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/hooks");
        assertThat(url.redacted()).doesNotContain("s@cret").doesNotContain("s%40cret");
    }

    @Test
    void aMisspeltEnvironmentVariableIsNamedInAWarningInsteadOfSilentlyIgnored() {
        HooklineConfig c = ConfigLoader.resolve(
                new JsonObject(),
                Map.of(
                        "HOOKLINE_INGST_PORT",
                        "9100",
                        "HOOKLINE_ADMIN_PORT",
                        "9101",
                        "HOOKLINE_TEST_DB_URL",
                        "postgresql://x/y",
                        "PATH",
                        "/bin"));
        assertThat(c.listeners().ingestPort()).isEqualTo(8080);
        assertThat(c.listeners().adminPort()).isEqualTo(9101);
        assertThat(c.warnings())
                .singleElement()
                .asString()
                .contains("HOOKLINE_INGST_PORT")
                .contains("HOOKLINE_INGEST_PORT");
    }

    @Test
    void tracingIsOffUntilAnOtlpEndpointIsSetAndThatMustBeAnHttpUrl() {
        assertThat(ConfigLoader.resolve(new JsonObject(), Map.of()).runtime().tracing())
                .isFalse();
        HooklineConfig on =
                ConfigLoader.resolve(new JsonObject(), Map.of("HOOKLINE_OTLP_ENDPOINT", "http://collector:4318/"));
        assertThat(on.runtime().tracing()).isTrue();
        assertThat(on.runtime().otlpEndpoint()).isEqualTo("http://collector:4318");
        assertThat(ConfigLoader.resolve(new JsonObject(), Map.of("HOOKLINE_OTLP_ENDPOINT", "HTTP://Collector:4318"))
                        .runtime()
                        .otlpEndpoint())
                .as("the scheme in lower case, the rest as given")
                .isEqualTo("http://Collector:4318");
        for (String bad : new String[] {
            "collector:4318",
            "grpc://collector:4317",
            "http://user:pw@collector:4318",
            "http://collector:4318/?x=1",
            "http://collector:99999",
            "http://collector:0"
        }) {
            assertThatThrownBy(() -> ConfigLoader.resolve(new JsonObject().put("otlp_endpoint", bad), Map.of()))
                    .as(bad)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("otlp_endpoint (HOOKLINE_OTLP_ENDPOINT)")
                    .hasMessageContaining("http://localhost:4318");
        }
    }
}
