package io.hookline.config;

import java.util.List;
import java.util.Locale;

/**
 * One configuration setting: its key in {@code conf/hookline.json}, the environment variable that overrides it,
 * its default and what it means. The list below is the single source of truth for loading, the startup summary
 * and the README table.
 */
public record Setting(String key, Type type, Object defaultValue, boolean secret, String meaning) {

  public enum Type { INT, BOOL, STRING }

  public String envName() {
    return "HOOKLINE_" + key.toUpperCase(Locale.ROOT);
  }

  public static final List<Setting> ALL = List.of(
      new Setting("ingest_port", Type.INT, 8080, false, "ingest listener (producers)"),
      new Setting("admin_port", Type.INT, 8081, false, "admin listener (management API, health, metrics)"),
      new Setting("bind_address", Type.STRING, "0.0.0.0", false,
          "address both listeners bind to: `0.0.0.0` every IPv4 interface, `::` every interface, `127.0.0.1` this machine only"),
      new Setting("db_url", Type.STRING, "postgresql://postgres@127.0.0.1:5432/hookline", true,
          "PostgreSQL; the database is created if missing and migrated at start"),
      new Setting("db_pool_size", Type.INT, 12, false, "connections per pool to PostgreSQL"),
      new Setting("admin_token", Type.STRING, "", true, "bearer token with full admin rights; generated and logged once at start if unset"),
      new Setting("ingest_tokens", Type.STRING, "", true, "comma-separated bearer tokens accepted on ingest; generated and logged once at start if unset"),
      new Setting("smtp_host", Type.STRING, "", false, "outgoing mail server; if unset, notifications are stored and logged, not mailed"),
      new Setting("smtp_port", Type.INT, 25, false, "outgoing mail server port"),
      new Setting("smtp_from", Type.STRING, "hookline@localhost", false, "sender address of notification mails"),
      new Setting("smtp_username", Type.STRING, "", false, "SMTP login; empty = no authentication"),
      new Setting("smtp_password", Type.STRING, "", true, "SMTP password"),
      new Setting("allow_private_targets", Type.BOOL, false, false,
          "when false, webhook URLs resolving to loopback, private, link-local, multicast or other special-purpose addresses are refused"),
      new Setting("delivery_timeout_ms", Type.INT, 5000, false, "a receiver must answer within this"),
      new Setting("failure_threshold", Type.INT, 10, false, "a webhook is disabled when its consecutive failures exceed this"),
      new Setting("max_webhooks_per_workspace", Type.INT, 10, false, "webhooks a workspace may register"),
      new Setting("log_retention_days", Type.INT, 10, false, "attempts and stored payloads older than this are purged"),
      new Setting("queue_capacity_per_webhook", Type.INT, 10000, false,
          "deliveries held in memory per webhook; the rest wait in PostgreSQL and are picked up later"),
      new Setting("max_in_flight_per_webhook", Type.INT, 64, false, "concurrent requests to one webhook"),
      new Setting("max_queued_deliveries", Type.INT, 200000, false,
          "deliveries held in memory in all; beyond this they wait in PostgreSQL"),
      new Setting("instance_lease_ms", Type.INT, 10000, false,
          "an instance whose heartbeat is older than this is presumed dead and its pending work is taken over"),
      new Setting("journal_max_batch", Type.INT, 1000, false, "most events committed by one group-commit insert"),
      new Setting("ingest_timeout_ms", Type.INT, 10000, false,
          "ingest answers 503 if the database has not committed an event within this"),
      new Setting("shutdown_deadline_ms", Type.INT, 10000, false, "on SIGTERM, in-flight deliveries get this long to finish"),
      new Setting("event_loops", Type.INT, 0, false, "event-loop threads and verticle instances; 0 = one per core"),
      new Setting("log_format", Type.STRING, "text", false, "`text` or `json` log lines"));
}
