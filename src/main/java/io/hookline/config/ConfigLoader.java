package io.hookline.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads {@code conf/hookline.json} (or the file given with {@code --conf}), applies {@code HOOKLINE_*}
 * environment overrides, checks every value and generates the tokens that were left unset.
 */
public final class ConfigLoader {

  public static final Path DEFAULT_FILE = Path.of("conf", "hookline.json");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern BIND_ADDRESS = Pattern.compile(
      "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*"
          + "|[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*(%[A-Za-z0-9_.-]+)?");

  private ConfigLoader() {
  }

  /** Loads the file (a missing default file means built-in defaults; a missing explicit file is an error). */
  public static HooklineConfig load(Path file, boolean explicit, Map<String, String> env) {
    return resolve(readFile(file, explicit), env);
  }

  /** Resolves settings from an already parsed JSON object plus environment overrides (used by tests too). */
  public static HooklineConfig resolve(JsonObject fileValues, Map<String, String> env) {
    for (String key : fileValues.fieldNames()) {
      if (Setting.ALL.stream().noneMatch(s -> s.key().equals(key))) {
        throw new ConfigException("Unknown setting '" + key + "' in the configuration file; known settings: "
            + String.join(", ", Setting.ALL.stream().map(Setting::key).toList()));
      }
    }
    Values v = new Values(fileValues, env);
    String adminToken = v.string("admin_token");
    boolean adminGenerated = adminToken.isBlank();
    if (adminGenerated) {
      adminToken = generateToken("hla_");
    }
    List<String> ingestTokens = Arrays.stream(v.string("ingest_tokens").split(","))
        .map(String::trim).filter(t -> !t.isEmpty()).toList();
    boolean ingestGenerated = ingestTokens.isEmpty();
    if (ingestGenerated) {
      ingestTokens = List.of(generateToken("hli_"));
    }
    String logFormat = v.string("log_format");
    if (!logFormat.equals("text") && !logFormat.equals("json")) {
      throw new ConfigException("log_format (HOOKLINE_LOG_FORMAT) must be 'text' or 'json', got '" + logFormat + "'");
    }
    return new HooklineConfig(
        v.port("ingest_port"), v.port("admin_port"), v.bindAddress(), v.dbUrl(), v.positive("db_pool_size"),
        adminToken, adminGenerated, ingestTokens, ingestGenerated,
        v.string("smtp_host").trim(), v.port("smtp_port"), v.string("smtp_from"),
        v.string("smtp_username"), v.string("smtp_password"),
        v.bool("allow_private_targets"), v.positive("delivery_timeout_ms"), v.positive("failure_threshold"),
        v.positive("max_webhooks_per_workspace"), v.positive("log_retention_days"),
        v.positive("queue_capacity_per_webhook"), v.positive("max_in_flight_per_webhook"),
        v.positive("max_queued_deliveries"), v.positive("instance_lease_ms"),
        v.positive("journal_max_batch"), v.positive("ingest_timeout_ms"), v.positive("shutdown_deadline_ms"),
        v.nonNegative("event_loops"), logFormat);
  }

  static String generateToken(String prefix) {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static JsonObject readFile(Path file, boolean explicit) {
    try {
      return new JsonObject(Files.readString(file));
    } catch (NoSuchFileException e) {
      if (explicit) {
        throw new ConfigException("Configuration file " + file + " does not exist; pass an existing file to --conf");
      }
      return new JsonObject();
    } catch (IOException e) {
      throw new ConfigException("Cannot read configuration file " + file + ": " + e.getMessage());
    } catch (DecodeException e) {
      throw new ConfigException("Configuration file " + file + " is not valid JSON: " + e.getMessage());
    }
  }

  /** Looks a setting up in the environment first, then the file, then the default, and checks its type. */
  private record Values(JsonObject file, Map<String, String> env) {

    private Setting setting(String key) {
      return Setting.ALL.stream().filter(s -> s.key().equals(key)).findFirst().orElseThrow();
    }

    private Object raw(Setting s) {
      String fromEnv = env.get(s.envName());
      if (fromEnv != null) {
        return fromEnv;
      }
      return file.containsKey(s.key()) ? file.getValue(s.key()) : s.defaultValue();
    }

    private String describe(Setting s) {
      return s.key() + " (" + s.envName() + ")";
    }

    String string(String key) {
      Setting s = setting(key);
      Object value = raw(s);
      if (value == null) {
        return "";
      }
      if (!(value instanceof String str)) {
        throw new ConfigException(describe(s) + " must be a string");
      }
      return str;
    }

    int integer(String key) {
      Setting s = setting(key);
      Object value = raw(s);
      if (value instanceof Integer i) {
        return i;
      }
      if (value instanceof String str) {
        try {
          return Integer.parseInt(str.trim());
        } catch (NumberFormatException e) {
          throw new ConfigException(describe(s) + " must be a whole number, got '" + str + "'");
        }
      }
      throw new ConfigException(describe(s) + " must be a whole number");
    }

    int port(String key) {
      int port = integer(key);
      if (port < 0 || port > 65535) {
        throw new ConfigException(describe(setting(key)) + " must be a port between 0 and 65535, got " + port);
      }
      return port;
    }

    int positive(String key) {
      int value = integer(key);
      if (value <= 0) {
        throw new ConfigException(describe(setting(key)) + " must be greater than 0, got " + value);
      }
      return value;
    }

    int nonNegative(String key) {
      int value = integer(key);
      if (value < 0) {
        throw new ConfigException(describe(setting(key)) + " must be 0 or more, got " + value);
      }
      return value;
    }

    boolean bool(String key) {
      Setting s = setting(key);
      Object value = raw(s);
      if (value instanceof Boolean b) {
        return b;
      }
      if (value instanceof String str && (str.equalsIgnoreCase("true") || str.equalsIgnoreCase("false"))) {
        return Boolean.parseBoolean(str);
      }
      throw new ConfigException(describe(s) + " must be true or false, got '" + value + "'");
    }

    /** An IP literal (IPv6 with or without brackets, zone allowed) or a host name; whether it is local, listen says. */
    String bindAddress() {
      String address = string("bind_address").strip();
      if (address.startsWith("[") && address.endsWith("]")) {
        address = address.substring(1, address.length() - 1);
      }
      if (!BIND_ADDRESS.matcher(address).matches()) {
        throw new ConfigException("bind_address (HOOKLINE_BIND_ADDRESS) must be an IP address of this machine or a "
            + "host name, e.g. 0.0.0.0 (all IPv4 interfaces), :: (all interfaces) or 127.0.0.1, got '" + address + "'");
      }
      return address;
    }

    String dbUrl() {
      String url = string("db_url");
      try {
        DatabaseUrl.parse(url);
      } catch (IllegalArgumentException e) {
        throw new ConfigException("db_url (HOOKLINE_DB_URL) is not a PostgreSQL URL like "
            + "postgresql://user:password@host:5432/database: " + e.getMessage());
      }
      return url;
    }
  }
}
