package io.hookline.app;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Hookline's directive for the JVM's C2 compiler (HotSpot's Compiler Control, added at run time the way {@code jcmd
 * <pid> Compiler.directives_add} does, since {@code java -jar} takes no JVM options from the jar): do not inline the
 * methods listed in {@code c2-directives.json}. They are the callees over 100 bytes of bytecode that C2 inlined at hot
 * call sites while Hookline served the benchmark's message, ten-webhook and mixed loads ({@code
 * load-tests/jit-directives.sh} regenerates the list), which is what {@code -XX:FreqInlineSize=100} would do for
 * those call sites instead of the default 325.
 *
 * <p>Why: on a fresh JVM the C2 compiler thread took 0.24-0.35 of a core for the first 15-20 s of load on two cores,
 * and the request path ran partly unoptimised meanwhile. With the directive it takes 0.11-0.15 and a fresh instance
 * delivers more in its first 25 s (17-28 % with ten webhooks, 1-13 % with one), but 8-9 % less with ten webhooks once
 * warm, from the inlining it forgoes (docs/performance.md). Hence off by default ({@code HOOKLINE_JIT_DIRECTIVES}), for
 * instances that are started into full load. It needs HotSpot's DiagnosticCommand MBean; a JVM without it keeps its
 * defaults.
 */
final class JitDirectives {

    private static final String RESOURCE = "c2-directives.json";
    private static final String DIAGNOSTIC_COMMAND = "com.sun.management:type=DiagnosticCommand";

    private JitDirectives() {}

    /** Adds the directive to this JVM's compiler; null when it was added, otherwise why not (for the log). */
    static String apply() {
        Path file = null;
        try (InputStream in = JitDirectives.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return RESOURCE + " is missing from the jar";
            }
            file = Files.createTempFile("hookline-c2-", ".json");
            Files.write(file, in.readAllBytes());
            String out = diagnosticCommand("compilerDirectivesAdd", file.toString());
            return out.strip().startsWith("1 compiler directives added") ? null : out.strip();
        } catch (IOException | JMException | RuntimeException e) {
            return e.toString();
        } finally {
            deleteQuietly(file);
        }
    }

    private static String diagnosticCommand(String operation, String argument) throws JMException {
        Object out = ManagementFactory.getPlatformMBeanServer()
                .invoke(
                        new ObjectName(DIAGNOSTIC_COMMAND),
                        operation,
                        new Object[] {new String[] {argument}},
                        new String[] {String[].class.getName()});
        return String.valueOf(out);
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temporary file left behind is harmless; the directive, if added, is already in the JVM
        }
    }
}
