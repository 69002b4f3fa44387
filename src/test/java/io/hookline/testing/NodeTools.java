package io.hookline.testing;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds Node.js and the npm packages the tests run. The tests never download anything: {@code .ci/run} installs the
 * packages ({@code npm ci}) before Maven starts. Without {@code node} on the PATH a test is skipped (a machine with
 * only Java and Maven still passes the suite); with node but without the packages it fails, saying what to run.
 */
public final class NodeTools {

    private NodeTools() {}

    /** The {@code node} executable, or the test is skipped saying what to install. */
    public static Path node() {
        Path node = onPath("node");
        assumeTrue(
                node != null,
                "node is not on the PATH: install Node.js 20.19+ (e.g. apt-get install nodejs npm) "
                        + "to run this test");
        return node;
    }

    /**
     * A file inside an npm install ({@code dir/node_modules/...}); if it is missing the test fails with one line saying
     * which {@code npm ci} to run.
     */
    public static Path installed(String dir, String pathInNodeModules) {
        Path file = Path.of(dir, "node_modules", pathInNodeModules);
        if (!Files.isRegularFile(file)) {
            fail("%s is not installed: run `npm ci --prefix %s`", pathInNodeModules, dir);
        }
        return file;
    }

    /** The executable {@code command} found on the PATH, or null. */
    public static Path onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
