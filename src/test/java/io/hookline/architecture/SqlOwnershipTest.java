package io.hookline.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Verifies that every table has one home: only its store writes it, and SQL of any kind lives only in store
 * classes, so a route, a lane or a cache never talks to PostgreSQL itself. Store classes may read other tables
 * (a join is the cheapest way to answer some questions), but a write goes through the owner.
 */
class SqlOwnershipTest {

  private static final Path SOURCES = Path.of("src/main/java/io/hookline");

  /** Table → the one class (path below io/hookline) that writes it. */
  private static final Map<String, String> OWNERS = new TreeMap<>(Map.ofEntries(
      Map.entry("attempts", "store/AttemptLog.java"),
      Map.entry("audit_log", "store/AuditLog.java"),
      Map.entry("events", "store/Journal.java"),
      Map.entry("synced_messages", "store/Journal.java"),
      Map.entry("generated_tokens", "store/GeneratedTokens.java"),
      Map.entry("instances", "store/InstanceLease.java"),
      Map.entry("notifications", "store/NotificationOutbox.java"),
      Map.entry("pending_events", "store/PendingWork.java"),
      Map.entry("reaction_state", "store/ReactionStates.java"),
      Map.entry("webhooks", "webhook/WebhookStore.java"),
      Map.entry("workspace_tokens", "store/TokenStore.java"),
      Map.entry("workspaces", "store/WorkspaceStore.java")));

  private static final Pattern WRITE = Pattern.compile("\\b(?:INSERT\\s+INTO|UPDATE|DELETE\\s+FROM)\\s+(\\w+)");
  private static final Pattern READ = Pattern.compile("\\b(?:FROM|JOIN)\\s+(\\w+)");
  private static final Pattern COMMENT = Pattern.compile("(?s)/\\*.*?\\*/|//[^\\n]*");

  @Test
  void eachTableIsWrittenOnlyByItsStore() throws IOException {
    List<String> strays = new ArrayList<>();
    for (Path file : javaFiles()) {
      String where = SOURCES.relativize(file).toString();
      Matcher m = WRITE.matcher(code(file));
      while (m.find()) {
        String owner = OWNERS.get(m.group(1));
        if (owner != null && !owner.equals(where)) {
          strays.add(where + " writes " + m.group(1) + " (owned by " + owner + ")");
        }
      }
    }
    assertThat(strays).isEmpty();
  }

  @Test
  void sqlLivesOnlyInStores() throws IOException {
    List<String> strays = new ArrayList<>();
    for (Path file : javaFiles()) {
      String where = SOURCES.relativize(file).toString();
      if (isStore(where)) {
        continue;
      }
      Matcher m = READ.matcher(code(file));
      while (m.find()) {
        if (OWNERS.containsKey(m.group(1))) {
          strays.add(where + " reads " + m.group(1));
        }
      }
    }
    assertThat(strays).isEmpty();
  }

  @Test
  void everyTableOfTheSchemaHasAnOwner() throws IOException {
    Pattern create = Pattern.compile("(?i)CREATE TABLE (?:IF NOT EXISTS )?(\\w+)");
    Pattern drop = Pattern.compile("(?i)DROP TABLE (?:IF EXISTS )?(\\w+)");
    List<String> tables = new ArrayList<>();
    try (Stream<Path> migrations = Files.list(Path.of("src/main/resources/db/migration"))) {
      for (Path migration : migrations.sorted().toList()) {
        String sql = Files.readString(migration);
        create.matcher(sql).results().forEach(r -> tables.add(r.group(1).toLowerCase()));
        drop.matcher(sql).results().forEach(r -> tables.remove(r.group(1).toLowerCase()));
      }
    }
    assertThat(OWNERS.keySet()).containsAll(tables);
  }

  private static boolean isStore(String where) {
    return where.startsWith("store/") || where.endsWith("Store.java");
  }

  private static String code(Path file) throws IOException {
    return COMMENT.matcher(Files.readString(file)).replaceAll(" ");
  }

  private static List<Path> javaFiles() throws IOException {
    try (Stream<Path> files = Files.walk(SOURCES)) {
      return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
  }
}
