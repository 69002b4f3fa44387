package io.hookline.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the code small enough to read: no class over {@value #MAX_CLASS_LINES} lines and no method or constructor
 * over {@value #MAX_METHOD_LINES} lines (from its first line to its closing brace), in {@code src/main/java}.
 */
class SourceShapeTest {

    static final int MAX_CLASS_LINES = 300;
    static final int MAX_METHOD_LINES = 40;
    private static final Pattern NOT_A_METHOD = Pattern.compile(
            "^(if|for|while|switch|catch|synchronized|try|else|do|return|new|case|default)\\b|->|\\bnew\\b"
                    + "|\\b(class|record|interface|enum)\\b");

    @Test
    void noClassIsLongerThan300Lines() throws IOException {
        List<String> tooLong = new ArrayList<>();
        for (Path file : sources()) {
            long lines = Files.readAllLines(file).size();
            if (lines > MAX_CLASS_LINES) {
                tooLong.add(file + ": " + lines + " lines");
            }
        }
        assertThat(tooLong).isEmpty();
    }

    @Test
    void noMethodIsLongerThan40Lines() throws IOException {
        List<String> tooLong = new ArrayList<>();
        for (Path file : sources()) {
            tooLong.addAll(longMethods(file, blankLiteralsAndComments(Files.readString(file))));
        }
        assertThat(tooLong).isEmpty();
    }

    @Test
    void theScannerFindsALongMethodAndIgnoresLambdasAndStrings() {
        String body = "    x();\n".repeat(41);
        String source = "class A {\n  void longOne() {\n" + body + "  }\n  void shortOne() {\n    run(() -> {\n" + body
                + "    });\n    String s = \"{ not a block\";\n  }\n}\n";
        List<String> found = longMethods(Path.of("A.java"), blankLiteralsAndComments(source));
        assertThat(found).hasSize(2);
        assertThat(found.get(0)).contains("longOne").contains("43 lines");
        assertThat(found.get(1)).contains("shortOne");
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    /** Methods longer than the limit: a block whose header has parentheses and is not a statement or a type. */
    static List<String> longMethods(Path file, String code) {
        List<String> found = new ArrayList<>();
        Deque<int[]> blocks = new ArrayDeque<>(); // {isMethod, startLine}
        Deque<String> headers = new ArrayDeque<>();
        StringBuilder header = new StringBuilder();
        int line = 1;
        int headerLine = -1;
        for (char c : code.toCharArray()) {
            if (c == '\n') {
                line++;
            }
            if (c == '{') {
                String h = header.toString().strip();
                boolean method = h.contains("(") && !NOT_A_METHOD.matcher(h).find() && !h.split("\\(")[0].contains("=");
                blocks.push(new int[] {method ? 1 : 0, headerLine < 0 ? line : headerLine});
                headers.push(h);
                header.setLength(0);
                headerLine = -1;
            } else if (c == '}') {
                int[] block = blocks.pop();
                String h = headers.pop();
                int length = line - block[1] + 1;
                if (block[0] == 1 && length > MAX_METHOD_LINES) {
                    found.add(file + ":" + block[1] + " " + h.replaceAll("\\s+", " ") + ": " + length + " lines");
                }
                header.setLength(0);
                headerLine = -1;
            } else if (c == ';') {
                header.setLength(0);
                headerLine = -1;
            } else {
                if (!Character.isWhitespace(c) && headerLine < 0) {
                    headerLine = line;
                }
                header.append(c);
            }
        }
        return found;
    }

    /** The source with comments, strings, text blocks and char literals blanked out, line breaks kept. */
    static String blankLiteralsAndComments(String src) {
        StringBuilder out = new StringBuilder(src.length());
        int i = 0;
        while (i < src.length()) {
            int end;
            if (src.startsWith("\"\"\"", i)) {
                end = src.indexOf("\"\"\"", i + 3) + 3;
            } else if (src.startsWith("//", i)) {
                end = src.indexOf('\n', i);
                end = end < 0 ? src.length() : end;
            } else if (src.startsWith("/*", i)) {
                end = src.indexOf("*/", i + 2) + 2;
            } else if (src.charAt(i) == '"' || src.charAt(i) == '\'') {
                end = literalEnd(src, i);
            } else {
                out.append(src.charAt(i++));
                continue;
            }
            for (int k = i; k < end; k++) {
                out.append(src.charAt(k) == '\n' ? '\n' : ' ');
            }
            i = end;
        }
        return out.toString();
    }

    private static int literalEnd(String src, int start) {
        char quote = src.charAt(start);
        int j = start + 1;
        while (src.charAt(j) != quote) {
            j += src.charAt(j) == '\\' ? 2 : 1;
        }
        return j + 1;
    }
}
