package io.hookline.testing;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** One Testcontainers PostgreSQL per JVM, used only when a Docker daemon answers. */
final class Containers {

    private static PostgreSQLContainer container;

    private Containers() {}

    static synchronized String postgresIfDockerAnswers() {
        if (container != null) {
            return url();
        }
        boolean docker;
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            docker = false;
        }
        if (!docker) {
            return null;
        }
        container = new PostgreSQLContainer("postgres:16-alpine");
        container.start();
        return url();
    }

    private static String url() {
        return "postgresql://" + container.getUsername() + ":" + container.getPassword() + "@" + container.getHost()
                + ":" + container.getMappedPort(5432) + "/postgres";
    }
}
