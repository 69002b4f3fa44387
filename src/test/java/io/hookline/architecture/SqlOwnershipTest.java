package io.hookline.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One home per table: every table of the migrations has one store class, the only class whose SQL writes it
 * ({@code INSERT INTO}, {@code UPDATE ... SET}, {@code DELETE FROM}, also inside a {@code WITH}), and SQL appears
 * only in stores (package {@code io.hookline.store}, or a class named {@code *Store}). Reads may join any table: a
 * store answers questions about its rows, and those often need a neighbour's. The scan reads the string literals and
 * text blocks of {@code src/main/java} (adjacent ones joined by {@code +}), so SQL built from constants of other
 * classes is seen where its text is written. The migrations are the schema's own history and are not scanned.
 */
class SqlOwnershipTest {

    /** Table → the class that owns its SQL. Every table the migrations leave behind must be here. */
    static final Map<String, String> OWNERS = new TreeMap<>(Map.ofEntries(
            Map.entry("workspaces", "io.hookline.store.WorkspaceStore"),
            Map.entry("webhooks", "io.hookline.store.WebhookRows"),
            Map.entry("events", "io.hookline.store.Journal"),
            // The uids of purged messages: written only by the journal's purge, in the statement that deletes them.
            Map.entry("synced_messages", "io.hookline.store.Journal"),
            // Fan-out's skip reasons, beside the journal rows they describe and purged with them.
            Map.entry("event_skips", "io.hookline.store.Journal"),
            Map.entry("pending_events", "io.hookline.store.PendingWork"),
            Map.entry("instances", "io.hookline.store.InstanceLease"),
            Map.entry("reaction_state", "io.hookline.store.ReactionStates"),
            Map.entry("reaction_folds", "io.hookline.store.ReactionFolds"),
            Map.entry("attempts", "io.hookline.store.AttemptLog"),
            Map.entry("workspace_tokens", "io.hookline.store.TokenStore"),
            Map.entry("generated_tokens", "io.hookline.store.GeneratedTokens"),
            Map.entry("audit_log", "io.hookline.store.AuditLog"),
            Map.entry("notifications", "io.hookline.store.NotificationOutbox"),
            Map.entry("recoveries", "io.hookline.store.RecoveryStore"),
            Map.entry("probe_leases", "io.hookline.store.ProbeLeases")));

    /**
     * {@code "<class> <table>"}: a class allowed to write a table it does not own. Empty: add one only when the write
     * cannot move to the owner, with the reason next to it. (Retention needs none: it runs each owner's purge.)
     */
    static final Set<String> EXCEPTIONS = Set.of();

    private static final Path MAIN = Path.of("src", "main", "java");
    private static final Path MIGRATIONS = Path.of("src", "main", "resources", "db", "migration");

    private static final Pattern TABLE_DDL = Pattern.compile(
            "\\b(CREATE|DROP)\\s+TABLE\\s+(?:IF\\s+(?:NOT\\s+)?EXISTS\\s+)?(?:public\\.)?(\\w+)",
            Pattern.CASE_INSENSITIVE);
    /** A statement that writes a table; the table is group 1 (insert, delete, merge, truncate) or 2 (update). */
    private static final Pattern WRITE = Pattern.compile(
            "\\b(?:INSERT\\s+INTO|DELETE\\s+FROM|(?-i:MERGE\\s+INTO|TRUNCATE(?:\\s+TABLE)?))\\s+(?:ONLY\\s+)?(?:\\w+\\.)?(\\w+)"
                    + "|\\bUPDATE\\s+(?:ONLY\\s+)?(?:\\w+\\.)?(?!SET\\b)(\\w+)(?:\\s+(?:AS\\s+)?\\w+)?\\s+SET\\b",
            Pattern.CASE_INSENSITIVE);
    /** A write whose table is not in the literal (appended at run time), which the scan could not attribute. */
    private static final Pattern UNNAMED_WRITE = Pattern.compile(
            "(?:\\b(?:INSERT\\s+INTO|DELETE\\s+FROM)|(?<!\\b(?:FOR|KEY|DO)\\s)\\bUPDATE)\\s*$",
            Pattern.CASE_INSENSITIVE);
    /** SQL: upper-case keywords as the code base writes them, or a statement shape in any case. */
    private static final Pattern SQL = Pattern.compile(
            "\\b(?:SELECT|RETURNING|ON CONFLICT|FOR UPDATE|ORDER BY|GROUP BY|LISTEN|UNLISTEN|NOTIFY|VALUES)\\b"
                    + "|\\bpg_\\w+\\s*\\(|(?is:\\bselect\\b.*\\bfrom\\s+\\w+)|(?i:" + WRITE.pattern() + ")");

    @Test
    void everyTableHasOneOwnerAndEveryOwnerExists() throws IOException {
        assertThat(OWNERS.keySet()).as("tables of the migrations vs. OWNERS").isEqualTo(tables());
        for (String owner : new TreeSet<>(OWNERS.values())) {
            assertThat(MAIN.resolve(owner.replace('.', '/') + ".java"))
                    .as("owner class of a table")
                    .exists();
        }
    }

    @Test
    void eachTableIsWrittenOnlyByItsOwner() throws IOException {
        List<String> wrong = new ArrayList<>();
        Set<String> written = new TreeSet<>();
        for (Path file : sources()) {
            for (Write write : writes(file, Files.readString(file))) {
                if (write.table() != null) {
                    written.add(write.table());
                }
                String problem = check(write);
                if (problem != null) {
                    wrong.add(problem);
                }
            }
        }
        assertThat(wrong).as("SQL writing a table outside its owner").isEmpty();
        // If the scan found nothing it would pass vacuously: every owner writes its table somewhere.
        assertThat(written).containsAll(OWNERS.keySet());
    }

    @Test
    void sqlAppearsOnlyInStores() throws IOException {
        List<String> wrong = new ArrayList<>();
        for (Path file : sources()) {
            if (!isStore(className(file))) {
                for (Literal literal : literals(Files.readString(file))) {
                    if (isSql(literal)) {
                        wrong.add(MAIN.relativize(file) + ":" + literal.line() + " has SQL outside a store (package "
                                + "io.hookline.store or a class named *Store): \"" + abbreviated(literal.text())
                                + "\"");
                    }
                }
            }
        }
        assertThat(wrong).as("SQL outside the stores").isEmpty();
    }

    @Test
    void theScanCatchesAWriteInARouteAndNamesFileTableAndOwner() {
        Path route = MAIN.resolve("io/hookline/admin/FakeRoutes.java");
        String source = "class FakeRoutes {\n  // UPDATE webhooks SET url = 'in a comment'\n"
                + "  String sql = \"\"\"\n      WITH x AS (SELECT 1)\n      UPDATE webhooks w\n      SET url = $1\"\"\";\n"
                + "  String more = \"DELETE FROM \" + \"public.attempts WHERE id = $1\";\n"
                + "  String lock = \"SELECT 1 FROM webhooks FOR UPDATE\";\n"
                + "  String upsert = \"INSERT INTO workspaces AS w (id) VALUES ($1) ON CONFLICT (id) DO UPDATE SET id = $1\";\n"
                + "  String route = \"DELETE .../recoveries/{id}\";\n"
                + "  String dynamic = \"UPDATE \" + table + \" SET x = 1\";\n}\n";
        List<String> problems =
                writes(route, source).stream().map(SqlOwnershipTest::check).toList();
        assertThat(problems).hasSize(4);
        assertThat(problems.get(0))
                .contains("io/hookline/admin/FakeRoutes.java:5 writes table webhooks")
                .contains("only its owner io.hookline.store.WebhookRows may");
        assertThat(problems.get(1))
                .contains("FakeRoutes.java:7 writes table attempts")
                .contains("only its owner io.hookline.store.AttemptLog may");
        assertThat(problems.get(2))
                .contains("FakeRoutes.java:9 writes table workspaces")
                .contains("only its owner io.hookline.store.WorkspaceStore may");
        assertThat(problems.get(3)).contains("FakeRoutes.java:11 writes a table named at run time");
        List<Literal> literals = literals(source);
        assertThat(literals)
                .extracting(Literal::text)
                .doesNotContain("DELETE FROM ")
                .contains("DELETE FROM public.attempts WHERE id = $1");
        assertThat(literals.stream().filter(SqlOwnershipTest::isSql).count()).isEqualTo(5);
    }

    record Write(Path file, int line, String table, String statement) {}

    /** A literal as written ({@code raw}, line breaks kept for line numbers) starting at {@code line}. */
    record Literal(int line, String raw) {

        String text() {
            return raw.replaceAll("\\s+", " ").strip();
        }

        int lineAt(int offset) {
            return line
                    + (int) raw.substring(0, offset)
                            .chars()
                            .filter(ch -> ch == '\n')
                            .count();
        }
    }

    /** Null when the write is its owner's (or a listed exception), else what is wrong, naming file, table, owner. */
    static String check(Write write) {
        String where = MAIN.relativize(write.file()) + ":" + write.line();
        if (write.table() == null) {
            return where + " writes a table named at run time, which this test cannot check: \"" + write.statement()
                    + "\"; write the table's name into the statement";
        }
        String writer = className(write.file());
        String owner = OWNERS.get(write.table());
        if (owner == null) {
            return where + " writes table " + write.table() + ", which no migration creates (or one dropped), "
                    + "so it has no owner: \"" + write.statement() + "\"";
        }
        if (owner.equals(writer) || EXCEPTIONS.contains(writer + " " + write.table())) {
            return null;
        }
        return where + " writes table " + write.table() + " (\"" + write.statement() + "\"), but only its owner "
                + owner + " may: move the statement there and call it";
    }

    static List<Write> writes(Path file, String source) {
        List<Write> found = new ArrayList<>();
        for (Literal literal : literals(source)) {
            Matcher m = WRITE.matcher(literal.raw());
            while (m.find()) {
                String table = (m.group(1) != null ? m.group(1) : m.group(2)).toLowerCase();
                found.add(new Write(
                        file,
                        literal.lineAt(m.start()),
                        table,
                        abbreviated(m.group().replaceAll("\\s+", " "))));
            }
            if (UNNAMED_WRITE.matcher(literal.raw()).find()) {
                found.add(new Write(file, literal.line(), null, abbreviated(literal.text())));
            }
        }
        return found;
    }

    /** The tables the migrations leave: created and not dropped since. */
    static Set<String> tables() throws IOException {
        Set<String> tables = new TreeSet<>();
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".sql"))
                    .sorted(SqlOwnershipTest::byVersion)
                    .toList()) {
                Matcher m = TABLE_DDL.matcher(Files.readString(file));
                while (m.find()) {
                    if (m.group(1).equalsIgnoreCase("CREATE")) {
                        tables.add(m.group(2).toLowerCase());
                    } else {
                        tables.remove(m.group(2).toLowerCase());
                    }
                }
            }
        }
        return tables;
    }

    private static int byVersion(Path a, Path b) {
        return Integer.compare(version(a), version(b));
    }

    private static int version(Path migration) {
        String name = migration.getFileName().toString();
        return Integer.parseInt(name.substring(1, name.indexOf("__")));
    }

    /**
     * The string literals and text blocks of a Java source; literals joined only by {@code +} are one (with the line
     * breaks between them), so a statement split over lines reads whole. Comments and char literals are skipped.
     */
    static List<Literal> literals(String src) {
        List<Literal> found = new ArrayList<>();
        int i = 0;
        int joinUntil = -1;
        while (i < src.length()) {
            char c = src.charAt(i);
            if (src.startsWith("//", i)) {
                i = lineEnd(src, i);
            } else if (src.startsWith("/*", i)) {
                i = src.indexOf("*/", i + 2) + 2;
            } else if (c == '\'') {
                i = quotedEnd(src, i, "'");
            } else if (c == '"') {
                boolean block = src.startsWith("\"\"\"", i);
                int end = quotedEnd(src, i, block ? "\"\"\"" : "\"");
                String text = src.substring(i + (block ? 3 : 1), end - (block ? 3 : 1));
                if (joinUntil == i && !found.isEmpty()) {
                    Literal last = found.remove(found.size() - 1);
                    String between =
                            "\n".repeat(lineOf(src, i) - last.lineAt(last.raw().length()));
                    found.add(new Literal(last.line(), last.raw() + between + text));
                } else {
                    found.add(new Literal(lineOf(src, i), text));
                }
                joinUntil = nextLiteralIfJoined(src, end);
                i = end;
            } else {
                i++;
            }
        }
        return found;
    }

    /** Where the next literal starts if only {@code +} and whitespace separate it from the one ending at {@code end}. */
    private static int nextLiteralIfJoined(String src, int end) {
        Matcher m = Pattern.compile("\\G\\s*\\+\\s*\"").matcher(src);
        return m.find(end) && m.start() == end ? m.end() - 1 : -1;
    }

    private static int quotedEnd(String src, int start, String quote) {
        int j = start + quote.length();
        while (!src.startsWith(quote, j)) {
            j += src.charAt(j) == '\\' ? 2 : 1;
        }
        return j + quote.length();
    }

    private static int lineEnd(String src, int from) {
        int end = src.indexOf('\n', from);
        return end < 0 ? src.length() : end;
    }

    private static int lineOf(String src, int offset) {
        return (int) src.substring(0, offset).chars().filter(ch -> ch == '\n').count() + 1;
    }

    private static String abbreviated(String sql) {
        return sql.length() <= 120 ? sql : sql.substring(0, 117) + "...";
    }

    private static boolean isSql(Literal literal) {
        return SQL.matcher(literal.raw()).find()
                || UNNAMED_WRITE.matcher(literal.raw()).find();
    }

    private static boolean isStore(String className) {
        return className.startsWith("io.hookline.store.") || className.endsWith("Store");
    }

    private static String className(Path file) {
        String relative = MAIN.relativize(file).toString().replace('\\', '/');
        return relative.substring(0, relative.length() - ".java".length()).replace('/', '.');
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }
}
