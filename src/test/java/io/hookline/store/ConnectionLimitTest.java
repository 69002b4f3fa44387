package io.hookline.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.store.Database.ConnectionLimit;
import org.junit.jupiter.api.Test;

/** Which of PostgreSQL's connection limits binds Hookline's login, and how the refusal names it. */
class ConnectionLimitTest {

    @Test
    void theServerLessItsReservedSlotsBindsEveryLoginEvenASuperuser() {
        ConnectionLimit superuser = new ConnectionLimit(100, 3, 5, 5, true);
        assertThat(superuser.accepts()).isEqualTo(97);
        assertThat(superuser.describe())
                .isEqualTo("the server accepts at most 97 (max_connections is 100, 3 of them reserved)");
        assertThat(new ConnectionLimit(300, 0, -1, -1, false).describe())
                .isEqualTo("the server accepts at most 300 (max_connections is 300)");
    }

    @Test
    void aRoleOrDatabaseLimitBindsALoginThatIsNoSuperuser() {
        ConnectionLimit role = new ConnectionLimit(100, 3, 20, 50, false);
        assertThat(role.accepts()).isEqualTo(20);
        assertThat(role.describe()).isEqualTo("the role accepts at most 20 (its CONNECTION LIMIT)");

        ConnectionLimit database = new ConnectionLimit(100, 3, 20, 10, false);
        assertThat(database.accepts()).isEqualTo(10);
        assertThat(database.describe()).isEqualTo("the database accepts at most 10 (its CONNECTION LIMIT)");

        ConnectionLimit loose = new ConnectionLimit(100, 3, 500, -1, false);
        assertThat(loose.accepts()).isEqualTo(97);
        assertThat(loose.describe()).startsWith("the server accepts at most 97");
    }
}
