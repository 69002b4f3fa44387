package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.config.Setting;
import io.hookline.config.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The repository explains itself: the README, docs/ and the sources never send a reader to documents that are not in
 * it, every relative link in the Markdown documents leads to a file (and heading) that exists, and the configuration
 * table in docs/operations.md is the one the settings themselves describe.
 */
class DocsSelfContainedTest {

    /** Outside documents a reader of this repository cannot open (spelt in pieces so this file does not match). */
    private static final List<String> OUTSIDE_REFERENCES =
            List.of("CONTRACT" + ".md", "DESIGN" + ".md", "CONTRACT \u00a7", ".." + "/shared");

    /** Scanned for outside references in addition to docs/ and src/. */
    private static final List<Path> README = List.of(Path.of("README.md"));

    /**
     * Applied Flyway migrations keep their comments: editing one changes its checksum, and every existing database
     * would then refuse to start ("migration checksum mismatch").
     */
    private static final Path MIGRATIONS = Path.of("src", "main", "resources", "db", "migration");

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern FENCE = Pattern.compile("^\\s*```");

    @Test
    void noDocumentOrSourceFileCitesOutsideDocuments() throws IOException {
        List<Path> files = new ArrayList<>(markdown(Path.of("docs")));
        files.addAll(README);
        files.addAll(sources());
        assertThat(files).hasSizeGreaterThan(100);
        List<String> found = new ArrayList<>();
        for (Path file : files) {
            List<String> lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8)
                    .lines()
                    .toList();
            for (int i = 0; i < lines.size(); i++) {
                for (String reference : OUTSIDE_REFERENCES) {
                    if (lines.get(i).contains(reference)) {
                        found.add(file + ":" + (i + 1) + ": " + lines.get(i).trim());
                    }
                }
            }
        }
        assertThat(found).as("lines citing documents outside this repository").isEmpty();
    }

    @Test
    void everyRelativeLinkLeadsToAFileAndHeadingThatExist() throws IOException {
        List<Path> documents = new ArrayList<>(markdown(Path.of("docs")));
        documents.add(Path.of("README.md"));
        List<String> broken = new ArrayList<>();
        for (Path document : documents) {
            for (String target : relativeLinks(document)) {
                String problem = check(document, target);
                if (problem != null) {
                    broken.add(document + ": (" + target + ") " + problem);
                }
            }
        }
        assertThat(broken).as("broken relative links").isEmpty();
    }

    @Test
    void theConfigurationTableIsTheOneTheSettingsDescribe() throws IOException {
        String operations = Files.readString(Path.of("docs", "operations.md"));
        for (Setting<?> setting : Settings.ALL) {
            assertThat(operations).as(setting.envName()).contains(row(setting));
        }
    }

    /** The table row of one setting, as docs/operations.md shows it. */
    static String row(Setting<?> setting) {
        Object value = setting.defaultValue();
        String shown = "".equals(value)
                ? "empty"
                : value instanceof String || value instanceof Boolean ? "`" + value + "`" : String.valueOf(value);
        return "| `" + setting.envName() + "` | `" + setting.key() + "` | " + shown + " | " + setting.meaning() + " |";
    }

    private static String check(Path document, String target) throws IOException {
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path resolved = file.isEmpty()
                ? document
                : document.toAbsolutePath().getParent().resolve(file).normalize();
        if (!Files.exists(resolved)) {
            return "no such file";
        }
        if (anchor != null
                && resolved.toString().endsWith(".md")
                && !anchors(resolved).contains(anchor)) {
            return "no such heading";
        }
        return null;
    }

    private static List<String> relativeLinks(Path document) throws IOException {
        List<String> links = new ArrayList<>();
        for (String line : outsideCodeBlocks(document)) {
            Matcher m = LINK.matcher(line);
            while (m.find()) {
                String target = m.group(1);
                if (!target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
                    links.add(target);
                }
            }
        }
        return links;
    }

    /** The anchors a Markdown renderer such as GitHub's gives the headings of {@code document}. */
    private static Set<String> anchors(Path document) throws IOException {
        Set<String> anchors = new HashSet<>();
        for (String line : outsideCodeBlocks(document)) {
            if (line.startsWith("#")) {
                String slug = line.replaceFirst("^#+\\s*", "")
                        .trim()
                        .toLowerCase(Locale.ROOT)
                        .replaceAll("[^\\p{L}\\p{N} _-]", "")
                        .replace(' ', '-');
                String unique = slug;
                for (int n = 1; !anchors.add(unique); n++) {
                    unique = slug + "-" + n;
                }
            }
        }
        return anchors;
    }

    private static List<String> outsideCodeBlocks(Path document) throws IOException {
        List<String> kept = new ArrayList<>();
        boolean inCode = false;
        for (String line : Files.readAllLines(document, StandardCharsets.UTF_8)) {
            if (FENCE.matcher(line).find()) {
                inCode = !inCode;
            } else if (!inCode) {
                kept.add(line);
            }
        }
        return kept;
    }

    private static List<Path> markdown(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(".md") && !installed(p))
                    .sorted()
                    .toList();
        }
    }

    /** Every text file under src/, but not installed packages and not the applied migrations. */
    private static List<Path> sources() throws IOException {
        try (Stream<Path> walk = Files.walk(Path.of("src"))) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> !installed(p) && !p.startsWith(MIGRATIONS))
                    .filter(DocsSelfContainedTest::isText)
                    .sorted()
                    .toList();
        }
    }

    private static boolean installed(Path path) {
        for (Path part : path) {
            if (part.toString().equals("node_modules")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isText(Path file) {
        String name = file.getFileName().toString();
        return !(name.endsWith(".png")
                || name.endsWith(".jpg")
                || name.endsWith(".ico")
                || name.endsWith(".woff2")
                || name.endsWith(".jar")
                || name.endsWith(".p12")
                || name.endsWith(".jks"));
    }
}
