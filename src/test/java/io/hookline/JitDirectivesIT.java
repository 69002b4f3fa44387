package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.HooklineProcess;
import io.hookline.testing.TestDatabase;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code HOOKLINE_JIT_DIRECTIVES=true}: the jar, started as operators start it, has handed its C2 directive to the JVM
 * it runs in (as {@code jcmd <pid> Compiler.directives_print} shows it, every listed method with inlining denied); by
 * default the JVM keeps only its own default directive.
 */
@Timeout(180)
class JitDirectivesIT {

    private static final Pattern DENIED = Pattern.compile("\"-([\\w/$]+\\.[\\w$<>]+)\"");

    @Test
    void theStartedJarRunsWithEveryListedMethodDeniedInliningInC2() throws Exception {
        List<String> listed = listedMethods();
        assertThat(listed).hasSizeGreaterThan(100).contains("io/netty/handler/codec/http/HttpObjectEncoder.encode");
        try (TestDatabase db = TestDatabase.create();
                HooklineProcess hookline =
                        HooklineProcess.start("jit-on", db.url(), Map.of("HOOKLINE_JIT_DIRECTIVES", "true"))) {
            String printed = directivesOf(hookline.pid());

            assertThat(printed).contains("Directive:\n matching: *.*");
            assertThat(c2InliningOfTopDirective(printed)).containsExactlyInAnyOrderElementsOf(listed);
            assertThat(hookline.log()).contains("JIT directives: C2 does not inline the methods in c2-directives.json");
        }
    }

    @Test
    void byDefaultTheJvmKeepsItsDefaults() throws Exception {
        try (TestDatabase db = TestDatabase.create();
                HooklineProcess hookline = HooklineProcess.start("jit-off", db.url(), Map.of())) {
            String printed = directivesOf(hookline.pid());

            assertThat(printed).contains("Directive: (default)").doesNotContain("io/netty");
            assertThat(printed.split("Directive:", -1)).hasSize(2); // the text before it, and the default one
            assertThat(hookline.log()).doesNotContain("JIT directives");
        }
    }

    /** The methods the first (topmost) directive denies C2 inlining: its c2 section's {@code inline: -a, -b} line. */
    private static List<String> c2InliningOfTopDirective(String printed) {
        String c2 = printed.substring(printed.indexOf(" c2 directives:"));
        String line = c2.lines()
                .filter(l -> l.strip().startsWith("inline:"))
                .findFirst()
                .orElseThrow()
                .strip();
        return Arrays.stream(line.substring("inline:".length()).split(","))
                .map(String::strip)
                .peek(p -> assertThat(p).startsWith("-"))
                .map(p -> p.substring(1))
                .toList();
    }

    /** The methods the jar's directive names, read from the resource the jar carries. */
    private static List<String> listedMethods() throws Exception {
        try (InputStream in = io.hookline.app.Main.class.getResourceAsStream("c2-directives.json")) {
            assertThat(in).as("c2-directives.json next to Main").isNotNull();
            Matcher m = DENIED.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return m.results().map(r -> r.group(1)).toList();
        }
    }

    /** {@code jcmd <pid> Compiler.directives_print}, with the jcmd of the JDK running these tests. */
    private static String directivesOf(long pid) throws Exception {
        Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
        Path jcmd = java.resolveSibling("jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "Compiler.directives_print")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
