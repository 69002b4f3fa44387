package io.hookline.config;

import static io.hookline.config.Settings.*;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads {@code conf/hookline.json} (or the file given with {@code --conf}), applies {@code HOOKLINE_*}
 * environment overrides, checks every value and proposes tokens for those left unset (the start uses them only if
 * none was generated and stored before).
 */
public final class ConfigLoader {

    /** Below this an admin token is warned about (a generated one has 43 random characters). */
    private static final int MIN_ADMIN_TOKEN = 16;

    public static final Path DEFAULT_FILE = Path.of("conf", "hookline.json");
    /** Variables of the environment that are not settings but are read by Hookline or its tests. */
    private static final Set<String> NOT_SETTINGS = Set.of("HOOKLINE_TEST_DB_URL", "HOOKLINE_TEST_SKIP_LOCAL_PG");

    private ConfigLoader() {}

    /** Loads the file (a missing default file means built-in defaults; a missing explicit file is an error). */
    /** {@code java -jar hookline.jar [--conf file.json]}: the file named, or {@link #DEFAULT_FILE} if it exists. */
    public static HooklineConfig fromArgs(String[] args, Map<String, String> env) {
        Path file = DEFAULT_FILE;
        boolean explicit = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--conf") && i + 1 < args.length) {
                file = Path.of(args[++i]);
                explicit = true;
            } else if (args[i].startsWith("--conf=")) {
                file = Path.of(args[i].substring("--conf=".length()));
                explicit = true;
            } else {
                throw new ConfigException(
                        "Unknown argument '" + args[i] + "'; usage: java -jar hookline.jar [--conf file.json]");
            }
        }
        return load(file, explicit, env);
    }

    public static HooklineConfig load(Path file, boolean explicit, Map<String, String> env) {
        return resolve(readFile(file, explicit), env);
    }

    /** Resolves settings from an already parsed JSON object plus environment overrides (used by tests too). */
    public static HooklineConfig resolve(JsonObject fileValues, Map<String, String> env) {
        rejectUnknownKeys(fileValues);
        Values v = new Values(fileValues, env);
        String adminToken = v.get(ADMIN_TOKEN);
        boolean adminGenerated = adminToken.isBlank();
        List<String> ingestTokens = v.get(INGEST_TOKENS);
        boolean ingestGenerated = ingestTokens.isEmpty();
        List<String> warnings = unknownVariables(env);
        if (!adminGenerated) {
            checkAdminToken(adminToken, ingestTokens, warnings);
        }
        return new HooklineConfig(
                listeners(v),
                new HooklineConfig.Database(v.get(DB_URL), v.get(DB_POOL_SIZE), v.get(DATA_DIR)),
                new HooklineConfig.Admin(
                        adminGenerated ? Tokens.generate("hla_") : adminToken,
                        adminGenerated,
                        v.get(MAX_WEBHOOKS_PER_WORKSPACE),
                        v.get(METRICS_TOKEN_REQUIRED),
                        v.get(PUBLIC_URL)),
                new HooklineConfig.Ingest(
                        ingestGenerated ? List.of(Tokens.generate("hli_")) : ingestTokens,
                        ingestGenerated,
                        v.get(JOURNAL_MAX_BATCH),
                        v.get(INGEST_TIMEOUT_MS)),
                delivery(v, warnings),
                new HooklineConfig.Mail(
                        v.get(SMTP_HOST),
                        v.get(SMTP_PORT),
                        v.get(SMTP_FROM),
                        v.get(SMTP_TIMEOUT_MS),
                        v.get(SMTP_USERNAME),
                        v.get(SMTP_PASSWORD)),
                new HooklineConfig.Retention(v.get(LOG_RETENTION_DAYS)),
                runtime(v),
                warnings);
    }

    /** A configured admin token: not an ingest token too, and warned about when short. */
    private static void checkAdminToken(String adminToken, List<String> ingestTokens, List<String> warnings) {
        if (ingestTokens.contains(adminToken)) {
            // a producer holding its ingest token would hold every workspace's admin rights too
            throw new ConfigException("HOOKLINE_ADMIN_TOKEN must not also be one of HOOKLINE_INGEST_TOKENS: "
                    + "give producers a token of their own");
        }
        if (adminToken.length() < MIN_ADMIN_TOKEN) {
            warnings.add(ADMIN_TOKEN.describe() + " is only " + adminToken.length() + " characters long: anyone who "
                    + "reaches the admin listener could guess it; use " + MIN_ADMIN_TOKEN + " or more random "
                    + "characters (or leave it unset to have one generated)");
        }
    }

    /**
     * The two listeners need two ports: on one port (possible with SO_REUSEPORT) each connection would land on either
     * listener at random, so half the admin calls would be 404s. Port 0 (any free port) is the exception.
     */
    private static HooklineConfig.Listeners listeners(Values v) {
        int ingest = v.get(INGEST_PORT);
        int admin = v.get(ADMIN_PORT);
        if (ingest == admin && ingest != 0) {
            throw new ConfigException(INGEST_PORT.describe() + " and " + ADMIN_PORT.describe() + " are both " + ingest
                    + "; the ingest and admin listeners need a port each");
        }
        return new HooklineConfig.Listeners(v.get(BIND_ADDRESS), ingest, admin);
    }

    /** A misspelt key in the file would be silently ignored; refusing it names the mistake. */
    private static void rejectUnknownKeys(JsonObject fileValues) {
        for (String key : fileValues.fieldNames()) {
            if (Settings.ALL.stream().noneMatch(s -> s.key().equals(key))) {
                throw new ConfigException("Unknown setting '" + key + "' in the configuration file; known settings: "
                        + String.join(
                                ", ", Settings.ALL.stream().map(Setting::key).toList()));
            }
        }
    }

    private static HooklineConfig.Delivery delivery(Values v, List<String> warnings) {
        return new HooklineConfig.Delivery(
                v.get(DELIVERY_TIMEOUT_MS),
                v.get(ALLOW_PRIVATE_TARGETS),
                v.get(FAILURE_THRESHOLD),
                v.get(QUEUE_CAPACITY_PER_WEBHOOK),
                v.get(MAX_IN_FLIGHT_PER_WEBHOOK),
                v.get(MAX_CONNECTIONS_PER_HOST),
                v.get(MAX_QUEUED_DELIVERIES),
                warnAfterFailures(v, warnings));
    }

    private static HooklineConfig.Runtime runtime(Values v) {
        return new HooklineConfig.Runtime(
                v.get(EVENT_LOOPS),
                v.get(TRANSPORT),
                v.get(JIT_DIRECTIVES),
                v.get(INSTANCE_LEASE_MS),
                v.get(SHUTDOWN_DEADLINE_MS),
                v.get(LOG_FORMAT),
                v.get(OTLP_ENDPOINT));
    }

    /**
     * The warning comes before the disable. A value above the failure threshold is a configuration error (the
     * contract: at most the threshold), except the default 5 under a lower threshold (e.g. 3), unset or written out as
     * in the shipped conf/hookline.json: it is lowered to the threshold, with a warning at start, rather than refusing
     * a configuration that only lowered the threshold.
     */
    private static int warnAfterFailures(Values v, List<String> warnings) {
        int warn = v.get(WARN_AFTER_FAILURES);
        int threshold = v.get(FAILURE_THRESHOLD);
        if (warn > threshold && !WARN_AFTER_FAILURES.defaultValue().equals(warn)) {
            throw new ConfigException(WARN_AFTER_FAILURES.describe() + " is " + warn + ", above "
                    + FAILURE_THRESHOLD.describe() + ", which is " + threshold + "; set it to at most " + threshold
                    + " (0 turns the warning off)");
        }
        if (warn > threshold) {
            warnings.add(WARN_AFTER_FAILURES.describe() + " is " + warn + ", above " + FAILURE_THRESHOLD.describe()
                    + " (" + threshold + "); the warning comes at " + threshold + " failures in a row instead");
            return threshold;
        }
        return warn;
    }

    /** A misspelt variable would be silently ignored; it is named in a warning at start instead. */
    static List<String> unknownVariables(Map<String, String> env) {
        Set<String> known = new TreeSet<>(NOT_SETTINGS);
        Settings.ALL.forEach(s -> known.add(s.envName()));
        List<String> warnings = new ArrayList<>();
        for (String name : new TreeSet<>(env.keySet())) {
            if (name.startsWith("HOOKLINE_") && !known.contains(name)) {
                warnings.add("The environment variable " + name + " is not a Hookline setting and is ignored; known: "
                        + String.join(
                                ", ",
                                Settings.ALL.stream().map(Setting::envName).toList()));
            }
        }
        return warnings;
    }

    private static JsonObject readFile(Path file, boolean explicit) {
        try {
            String text = Files.readString(file);
            refuseKeysGivenTwice(file, text);
            return new JsonObject(text);
        } catch (NoSuchFileException e) {
            if (explicit) {
                throw new ConfigException(
                        "Configuration file " + file + " does not exist; pass an existing file to --conf");
            }
            return new JsonObject();
        } catch (IOException e) {
            throw new ConfigException("Cannot read configuration file " + file + ": " + e.getMessage());
        } catch (DecodeException e) {
            // the decoder's message runs on with a second line (where in the source): the line and column suffice
            throw new ConfigException("Configuration file " + file + " is not valid JSON: "
                    + e.getMessage().lines().findFirst().orElse("") + at(e));
        }
    }

    private static String at(DecodeException e) {
        return e.getCause() instanceof JsonProcessingException j && j.getLocation() != null
                ? " (line " + j.getLocation().getLineNr() + ", column "
                        + j.getLocation().getColumnNr() + ")"
                : "";
    }

    /** Comments as Vert.x's decoder allows them, and no key given twice. */
    private static final JsonFactory STRICT = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .build();

    /**
     * The decoder keeps the last of a key given twice, and which of the two was meant is anyone's guess (a port set at
     * the top of the file and again, forgotten, at the bottom). Other syntax errors are left to the decoder's message.
     */
    private static void refuseKeysGivenTwice(Path file, String text) throws IOException {
        try (JsonParser p = STRICT.createParser(text)) {
            while (p.nextToken() != null) {
                // the strict parser throws at the second occurrence of a key
            }
        } catch (JsonProcessingException e) {
            if (e.getOriginalMessage().startsWith("Duplicate field")) {
                throw new ConfigException("Configuration file " + file + " gives a key twice (" + e.getOriginalMessage()
                        + " at line " + e.getLocation().getLineNr() + "); keep one");
            }
        }
    }

    /** A setting's raw value: from the environment first, then the file, then its default. */
    private record Values(JsonObject file, Map<String, String> env) {
        <T> T get(Setting<T> s) {
            String fromEnv = env.get(s.envName());
            if (fromEnv == null && file.containsKey(s.key()) && file.getValue(s.key()) == null) {
                // null silently meant the default: "ingest_port": null bound port 8080 (review)
                throw new ConfigException(s.describe() + " is null in the configuration file; leave the key out for"
                        + " its default (" + ("".equals(s.defaultValue()) ? "empty" : s.defaultValue()) + ")");
            }
            return s.parse(fromEnv != null ? fromEnv : file.getValue(s.key()));
        }
    }
}
