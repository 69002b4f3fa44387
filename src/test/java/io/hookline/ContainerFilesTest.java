package io.hookline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.hookline.testing.IntegrationTest;
import io.hookline.testing.Receiver;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Verifies the container files: the Dockerfile keeps the hadolint rules that matter (hadolint itself is neither in
 * Debian nor on npm other than as a wrapper that downloads its binary from GitHub, which this machine cannot reach),
 * its HEALTHCHECK command really reports readiness of a running Hookline, the build context's ignore file keeps out
 * what the image does not need, and the Compose file is valid against the Compose Specification schema and safe by
 * default (no default tokens, loopback-only ports, pinned images).
 */
class ContainerFilesTest extends IntegrationTest {

    private static final Path DOCKERFILE = Path.of("docker", "Dockerfile");
    private static final Path COMPOSE = Path.of("docker", "compose.yml");
    /** A specific version in an image tag (17.0.20_8-jre-noble, 3.9.16-..., v1.30.5, 16.15-alpine) or a digest. */
    private static final Pattern PINNED = Pattern.compile("[^:@\\s]+(:v?\\d+\\.\\d+[^\\s]*|@sha256:[0-9a-f]{64})");

    // ---- Dockerfile ----

    @Test
    void theDockerfileKeepsTheHadolintRulesThatMatter() throws IOException {
        assertThat(dockerfileViolations(Files.readString(DOCKERFILE))).isEmpty();
    }

    /**
     * Without HOOKLINE_DB_URL the image runs the embedded PostgreSQL in the shipped config's {@code data_dir}, relative
     * to the working directory: that folder must be made, before {@code USER}, for the user the image runs as (the
     * working directory itself is root's), and kept on a volume. Before, such a container exited at once.
     */
    @Test
    void theImagesDefaultDataDirectoryIsMadeForTheUserItRunsAs() throws IOException {
        List<String> lines = Files.readAllLines(DOCKERFILE);
        String workdir = lines.stream()
                .filter(l -> l.startsWith("WORKDIR "))
                .reduce((a, b) -> b)
                .orElseThrow()
                .substring("WORKDIR ".length())
                .trim();
        String dataDir = new JsonObject(Files.readString(Path.of("conf", "hookline.json"))).getString("data_dir");
        String folder = Path.of(workdir).resolve(dataDir).normalize().toString();
        String user = lines.stream()
                .filter(l -> l.startsWith("USER "))
                .reduce((a, b) -> b)
                .orElseThrow()
                .substring("USER ".length())
                .trim();
        int userLine = lines.indexOf("USER " + user);
        assertThat(lines.subList(0, userLine))
                .as("made and given to " + user + " before USER")
                .anyMatch(l -> l.startsWith("RUN ")
                        && l.contains("mkdir " + folder)
                        && l.contains("chown " + user + ":" + user + " " + folder));
        assertThat(lines).contains("VOLUME " + folder);
    }

    @Test
    void theDockerfileRulesCatchWhatTheyAreFor() {
        String bad = """
        FROM maven AS build
        ADD . /src
        RUN cd /src && sudo mvn package
        FROM eclipse-temurin:latest
        WORKDIR app
        COPY --from=builder /src/target/hookline.jar /app/hookline.jar
        RUN apt-get install curl
        ENTRYPOINT java -jar /app/hookline.jar
        """;

        assertThat(String.join("\n", dockerfileViolations(bad)))
                .contains(
                        "DL3006",
                        "DL3007",
                        "DL3020",
                        "DL3003",
                        "DL3004",
                        "DL3000",
                        "DL3022",
                        "DL3015",
                        "DL3014",
                        "DL3025",
                        "DL3002",
                        "HEALTHCHECK");
    }

    /** Instructions with continuation lines joined and comments dropped, as [keyword, arguments]. */
    private static List<String[]> instructions(String dockerfile) {
        List<String[]> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : dockerfile.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            String[] parts = current.toString().strip().split("\\s+", 2);
            out.add(new String[] {parts[0].toUpperCase(), parts.length > 1 ? parts[1] : ""});
            current.setLength(0);
        }
        return out;
    }

    /** The hadolint rules (by their DL numbers) that matter for this image, plus Hookline's own HEALTHCHECK rule. */
    static List<String> dockerfileViolations(String dockerfile) {
        List<String> violations = new ArrayList<>();
        Set<String> stages = new HashSet<>();
        String finalUser = null;
        boolean healthcheck = false;
        int entrypoints = 0;
        for (String[] instruction : instructions(dockerfile)) {
            String keyword = instruction[0];
            String args = instruction[1];
            switch (keyword) {
                case "FROM" -> {
                    String image = args.split("\\s+")[0];
                    if (!image.contains(":") && !image.contains("@")) {
                        violations.add("DL3006 always tag the version of an image explicitly: " + image);
                    } else if (image.endsWith(":latest")) {
                        violations.add("DL3007 using latest is prone to errors: " + image);
                    } else if (!PINNED.matcher(image).matches()) {
                        violations.add("pin the base image to a specific version or digest: " + image);
                    }
                    Matcher alias = Pattern.compile("(?i)\\s+AS\\s+(\\S+)").matcher(args);
                    if (alias.find()) {
                        stages.add(alias.group(1));
                    }
                    finalUser = null;
                    healthcheck = false;
                    entrypoints = 0;
                }
                case "ADD" -> violations.add("DL3020 use COPY instead of ADD for files and folders: " + args);
                case "WORKDIR" -> {
                    if (!args.startsWith("/") && !args.startsWith("$")) {
                        violations.add("DL3000 use absolute WORKDIR: " + args);
                    }
                }
                case "USER" -> finalUser = args.strip();
                case "HEALTHCHECK" ->
                    healthcheck = args.contains("/ready") && isExecForm(args.substring(args.indexOf("CMD") + 3));
                case "ENTRYPOINT", "CMD" -> {
                    entrypoints += keyword.equals("ENTRYPOINT") ? 1 : 0;
                    if (!isExecForm(args)) {
                        violations.add("DL3025 use arguments JSON notation for " + keyword + ": " + args);
                    }
                }
                case "COPY" -> {
                    Matcher from = Pattern.compile("--from=(\\S+)").matcher(args);
                    if (from.find()
                            && !stages.contains(from.group(1))
                            && !from.group(1).matches("\\d+")) {
                        violations.add("DL3022 COPY --from should reference a previously defined FROM alias: "
                                + from.group(1));
                    }
                }
                case "RUN" -> {
                    if (Pattern.compile("(^|&&|;)\\s*cd\\s").matcher(args).find()) {
                        violations.add("DL3003 use WORKDIR to switch to a directory: " + args);
                    }
                    if (Pattern.compile("\\bsudo\\b").matcher(args).find()) {
                        violations.add("DL3004 do not use sudo: " + args);
                    }
                    if (args.contains("apt-get install") && !args.contains("--no-install-recommends")) {
                        violations.add(
                                "DL3015 avoid additional packages by specifying --no-install-recommends: " + args);
                    }
                    if (args.contains("apt-get install")
                            && !Pattern.compile("\\s(-y|--yes|-qq|--assume-yes)\\b")
                                    .matcher(args)
                                    .find()) {
                        violations.add("DL3014 use the -y switch to avoid manual input: " + args);
                    }
                    if (args.contains("apt-get upgrade") || args.contains("apt-get dist-upgrade")) {
                        violations.add("DL3005 do not use apt-get upgrade or dist-upgrade: " + args);
                    }
                }
                case "MAINTAINER" -> violations.add("DL4000 MAINTAINER is deprecated");
                default -> {}
            }
        }
        if (finalUser == null || finalUser.equals("root") || finalUser.startsWith("0")) {
            violations.add("DL3002 the last USER of the final stage should not be root: " + finalUser);
        }
        if (!healthcheck) {
            violations.add("HEALTHCHECK in exec form on /ready is missing from the final stage");
        }
        if (entrypoints > 1) {
            violations.add("DL4004 multiple ENTRYPOINT instructions found");
        }
        return violations;
    }

    private static boolean isExecForm(String args) {
        try {
            JsonArray array = new JsonArray(args.strip());
            return !array.isEmpty() && array.stream().allMatch(String.class::isInstance);
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Test
    void theHealthcheckCommandIsHealthyOnlyWhenTheAdminListenerIsReady() throws Exception {
        JsonArray command = healthcheckCommand();
        int ready = java.net.URI.create(hookline.adminUrl("/")).getPort();
        Receiver notReady = receiver().answer(503).answerBody("{\"status\":\"UNAVAILABLE\"}");
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }

        assertThat(runHealthcheck(command, ready)).as("Hookline ready").isZero();
        assertThat(runHealthcheck(command, notReady.port()))
                .as("/ready answers 503")
                .isNotZero();
        assertThat(runHealthcheck(command, closed)).as("nothing listens").isNotZero();
        assertThat(notReady.requests())
                .singleElement()
                .satisfies(r -> assertThat(r.path()).isEqualTo("/ready"));
    }

    private static JsonArray healthcheckCommand() throws IOException {
        for (String[] instruction : instructions(Files.readString(DOCKERFILE))) {
            if (instruction[0].equals("HEALTHCHECK")) {
                return new JsonArray(instruction[1]
                        .substring(instruction[1].indexOf("CMD") + 3)
                        .strip());
            }
        }
        throw new AssertionError("no HEALTHCHECK in " + DOCKERFILE);
    }

    private static int runHealthcheck(JsonArray command, int adminPort) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(
                        command.stream().map(Object::toString).toList())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("HOOKLINE_ADMIN_PORT", Integer.toString(adminPort));
        Process process = builder.start();
        // Docker's --timeout=3s would kill a check that hangs; here a hang fails the test
        assertThat(process.waitFor(10, TimeUnit.SECONDS))
                .as("the health check finishes")
                .isTrue();
        return process.exitValue();
    }

    @Test
    void theBuildContextIgnoreFileAllowsOnlyWhatTheDockerfileCopies() throws IOException {
        List<String> patterns = Files.readAllLines(Path.of("docker", "Dockerfile.dockerignore")).stream()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();
        List<String> copied = instructions(Files.readString(DOCKERFILE)).stream()
                .filter(i -> i[0].equals("COPY") && !i[1].contains("--from"))
                .map(i -> i[1].split("\\s+")[0])
                .toList();

        assertThat(patterns.get(0)).as("everything is excluded first").isEqualTo("*");
        assertThat(copied).containsExactlyInAnyOrder("pom.xml", "src", "conf");
        assertThat(patterns)
                .contains("!pom.xml", "!src", "!conf", "**/node_modules")
                .filteredOn(p -> p.startsWith("!"))
                .hasSize(3);
    }

    // ---- Compose file ----

    @Test
    void theComposeFileIsValidAgainstTheComposeSpecification() throws IOException {
        Schema spec = composeSpecification();

        assertThat(spec.validate(composeDocument(Files.readString(COMPOSE))).stream()
                        .map(Error::toString)
                        .toList())
                .isEmpty();
        String misspelt = Files.readString(COMPOSE).replace("    stop_grace_period: 20s", "    stop_grace: 20s");
        assertThat(spec.validate(composeDocument(misspelt)))
                .as("the schema catches an unknown key")
                .isNotEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theComposeFileIsSafeByDefault() throws IOException {
        String text = Files.readString(COMPOSE);
        Map<String, Object> compose = new Yaml().load(text);
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        Map<String, Object> hooklineEnv =
                (Map<String, Object>) services.get("hookline").get("environment");

        assertThat(text)
                .contains("Compose v2")
                .doesNotContainIgnoringCase("change-me")
                .doesNotContain(":latest");
        assertThat(hooklineEnv.get("HOOKLINE_ADMIN_TOKEN").toString()).matches("\\$\\{HOOKLINE_ADMIN_TOKEN:\\?[^}]+}");
        assertThat(hooklineEnv.get("HOOKLINE_INGEST_TOKENS").toString())
                .matches("\\$\\{HOOKLINE_INGEST_TOKENS:\\?[^}]+}");
        assertThat(services).containsKeys("postgres", "mail", "hookline", "receiver");
        services.forEach((name, service) -> {
            if (service.containsKey("image")) {
                assertThat(service.get("image").toString()).as(name + " image").matches(PINNED);
            }
            for (Object port : (List<Object>) service.getOrDefault("ports", List.of())) {
                assertThat(port.toString()).as(name + " port").startsWith("${PUBLISH_ADDRESS:-127.0.0.1}:");
            }
        });
        assertThat(services.get("postgres")).doesNotContainKey("ports");
        assertThat(services.get("receiver")).doesNotContainKey("ports");
        assertThat(services.get("mail").get("image").toString()).startsWith("axllent/mailpit:v");
        assertThat(hooklineEnv.get("HOOKLINE_ALLOW_PRIVATE_TARGETS").toString()).contains("true");
        assertThat(text).contains("http://receiver:9000/");
        Map<String, Object> build =
                (Map<String, Object>) services.get("hookline").get("build");
        assertThat(build).containsEntry("context", "..").containsEntry("dockerfile", "docker/Dockerfile");
    }

    private static Schema composeSpecification() throws IOException {
        ObjectNode schema = (ObjectNode) new ObjectMapper()
                .readTree(ContainerFilesTest.class.getResourceAsStream("/compose-spec/compose-spec.json"));
        // its $schema is draft-07 under an https address the validator does not know; never fetch it. Its $id is
        // relative, so it gets a base address (never fetched either: every $ref in it is internal)
        schema.remove("$schema");
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
                .getSchema(SchemaLocation.of("https://compose-spec.invalid/compose_spec.json"), schema);
    }

    private static JsonNode composeDocument(String yaml) {
        return new ObjectMapper().valueToTree(new Yaml().load(yaml));
    }
}
