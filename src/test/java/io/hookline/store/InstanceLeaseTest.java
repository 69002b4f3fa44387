package io.hookline.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookline.testing.Await;
import io.hookline.testing.MigratedDatabase;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An instance's entry in {@code instances}: a live instance whose entry an heir removed (it took the instance for
 * gone) registers again at its next heartbeat; one that is stopping must not, or the entry of a stopped instance comes
 * back as a live one that never beats again, and a second heir takes over the same work after the lease.
 */
class InstanceLeaseTest {

    private final Vertx vertx = Vertx.vertx();
    private final MigratedDatabase db = MigratedDatabase.create(vertx);

    @AfterEach
    void close() {
        db.close();
        Await.result(vertx.close());
    }

    private boolean registered(InstanceLease lease) throws Exception {
        try (Connection c = db.db().connect();
                PreparedStatement st = c.prepareStatement("SELECT count(*) FROM instances WHERE id = ?")) {
            st.setObject(1, lease.id());
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }

    private void removedByAnHeir(InstanceLease lease) throws Exception {
        try (Connection c = db.db().connect();
                PreparedStatement st = c.prepareStatement("DELETE FROM instances WHERE id = ?")) {
            st.setObject(1, lease.id());
            assertThat(st.executeUpdate()).isEqualTo(1);
        }
    }

    @Test
    void aLiveInstanceWhoseEntryWasTakenRegistersAgain() throws Exception {
        InstanceLease lease = new InstanceLease(db.pool());
        Await.result(lease.register());
        removedByAnHeir(lease);
        Await.result(lease.heartbeat(0));
        assertThat(registered(lease)).isTrue();
    }

    @Test
    void aHeartbeatThatLandsAfterTheStopDoesNotBringTheEntryBack() throws Exception {
        InstanceLease lease = new InstanceLease(db.pool());
        Await.result(lease.register());
        Await.result(lease.markStopped(0));
        removedByAnHeir(lease); // the stopped instance's work is taken over at once
        Await.result(lease.heartbeat(0)); // one that was under way when the stop began
        assertThat(registered(lease)).isFalse();
    }
}
