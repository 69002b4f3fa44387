package io.hookline.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zonky.test.db.postgres.util.LinuxUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verifies the embedded PostgreSQL on its own: durable settings, data kept across restarts, one owner per data
 * directory, and a server left running by a killed Hookline is stopped before the next start.
 */
@Timeout(300)
class EmbeddedDatabaseTest {

    @TempDir
    Path dir;

    private static Connection connect(EmbeddedDatabase db) throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + db.port() + "/postgres", "postgres", null);
    }

    private static String one(Connection c, String sql) throws Exception {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void everyCommitReachesTheDisk() throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir);
                Connection c = connect(db)) {
            assertThat(one(c, "SHOW fsync")).isEqualTo("on");
            assertThat(one(c, "SHOW synchronous_commit")).isEqualTo("on");
            assertThat(one(c, "SHOW full_page_writes")).isEqualTo("on");
            assertThat(one(c, "SHOW server_version")).startsWith(EmbeddedDatabase.majorVersion() + ".");
            assertThat(one(c, "SHOW listen_addresses")).isEqualTo("127.0.0.1");
            assertThat(db.url("hookline")).isEqualTo("postgresql://postgres@127.0.0.1:" + db.port() + "/hookline");
        }
    }

    /** Another local user must not be able to swap the server that Hookline runs for their own. */
    @Test
    void onlyTheOwnerCanChangeTheUnpackedServer() throws Exception {
        Path binaries = dir.resolve("binaries");
        Files.createDirectories(binaries);
        Files.setPosixFilePermissions(binaries, PosixFilePermissions.fromString("rwxrwxrwx"));
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(binaries)))
                    .isEqualTo("rwx------");
            try (Stream<Path> all = Files.walk(binaries)) {
                assertThat(all.filter(p -> !Files.isSymbolicLink(p)).filter(EmbeddedDatabaseTest::othersMayWrite))
                        .isEmpty();
            }
        }
    }

    @Test
    void aFileWhereTheDirectoryShouldBeIsNamed() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
        assertThatThrownBy(() -> EmbeddedDatabase.start(file))
                .isInstanceOf(DataDirLock.UnusableException.class)
                .hasMessage("the data directory " + file + " cannot be used (" + file + " is a file, not a directory); "
                        + "set HOOKLINE_DATA_DIR to a directory this user can write (it is created if missing)");
        assertThatThrownBy(() -> EmbeddedDatabase.start(file.resolve("below")))
                .isInstanceOf(DataDirLock.UnusableException.class)
                .hasMessageStartingWith("the data directory " + file.resolve("below") + " cannot be used (");
        assertThat(Files.readString(file)).isEqualTo("x");
    }

    /**
     * A start refused before it uses the directory (Hookline's ports are taken) creates nothing when the directory
     * does not exist yet; an existing one is locked first, so a second owner is told it is in use.
     */
    @Test
    void aStartRefusedBeforeItUsesTheDirectoryCreatesNothing() throws Exception {
        Path fresh = dir.resolve("fresh/hookline-data");
        assertThatThrownBy(() -> EmbeddedDatabase.start(fresh, () -> {
                    throw new IllegalStateException("port taken");
                }))
                .hasMessage("port taken");
        assertThat(dir.resolve("fresh")).doesNotExist();
        Path existing = Files.createDirectories(dir.resolve("existing"));
        assertThatThrownBy(() -> EmbeddedDatabase.start(existing, () -> {
                    throw new IllegalStateException("port taken");
                }))
                .hasMessage("port taken");
        assertThat(existing).isDirectory();
        try (DataDirLock held = DataDirLock.acquire(existing)) {
            assertThatThrownBy(() -> EmbeddedDatabase.start(existing, () -> {
                        throw new IllegalStateException("port taken");
                    }))
                    .isInstanceOf(DataDirLock.InUseException.class);
        }
    }

    /** What a failed start quotes: the server's last complaint in its log since the start, not an older one. */
    @Test
    void theServersLastComplaintSinceTheStartIsFoundInItsLog() throws Exception {
        Path log = dir.resolve("postgresql.log");
        assertThat(ServerStart.serverSaid(log, 0)).isEmpty();
        Files.writeString(log, "2026-12-05 09:00:00 UTC FATAL:  an older start's complaint\n");
        long offset = Files.size(log);
        Files.writeString(
                log,
                String.join(
                        "\n",
                        "2026-12-06 07:00:00 UTC LOG:  starting PostgreSQL 17.6",
                        "2026-12-06 07:00:00 UTC FATAL:  invalid value for parameter \"shared_buffers\": \"bogus\"",
                        "2026-12-06 07:00:01 UTC LOG:  database system is shut down",
                        ""),
                java.nio.file.StandardOpenOption.APPEND);
        assertThat(ServerStart.serverSaid(log, offset))
                .contains("2026-12-06 07:00:00 UTC FATAL:  invalid value for parameter \"shared_buffers\": \"bogus\"");
        Files.writeString(log, "LOG:  nothing wrong\n", java.nio.file.StandardOpenOption.APPEND);
        assertThat(ServerStart.serverSaid(log, Files.size(log))).isEmpty();
        offset = Files.size(log);
        Files.writeString(
                log,
                String.join(
                        "\n",
                        "waiting for server to start....2026-12-06 08:00:00 UTC [7] FATAL:  database files are "
                                + "incompatible with server",
                        "2026-12-06 08:00:00 UTC [7] DETAIL:  The data directory was initialized by PostgreSQL version "
                                + "16, which is not compatible with this version 17.6.",
                        "2026-12-06 08:00:00 UTC [7] LOG:  database system is shut down",
                        ""),
                java.nio.file.StandardOpenOption.APPEND);
        assertThat(ServerStart.serverSaid(log, offset))
                .contains("2026-12-06 08:00:00 UTC [7] FATAL:  database files are incompatible with server "
                        + "2026-12-06 08:00:00 UTC [7] DETAIL:  The data directory was initialized by PostgreSQL "
                        + "version 16, which is not compatible with this version 17.6.");
    }

    /**
     * A server that exits during its start (here: a data directory of another PostgreSQL major version, as after a
     * downgrade) is reported as soon as pg_ctl says so, with the server's own words, not after zonky's 3-minute wait.
     */
    @Test
    void aServerThatCannotStartIsReportedAtOnceWithItsReason() throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir)) {
            assertThat(db.port()).isPositive();
        }
        Files.writeString(dir.resolve("postgres/PG_VERSION"), "16\n");
        long started = System.nanoTime();
        assertThatThrownBy(() -> EmbeddedDatabase.start(dir))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("the server stopped while starting; its log says: ")
                .hasMessageContaining("FATAL:  database files are incompatible with server")
                .hasMessageContaining("initialized by PostgreSQL version 16, which is not compatible with this version "
                        + EmbeddedDatabase.majorVersion() + ".");
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started))
                .as("seconds until the failed start was reported (zonky alone waits 180)")
                .isLessThan(60);
        // the directory is released for the next try (acquire throws InUseException while it is held)
        try (DataDirLock again = DataDirLock.acquire(dir.toAbsolutePath().normalize())) {
            assertThat(dir.resolve("hookline.lock")).exists();
        }
    }

    /**
     * A server file that others could write may have been changed: the folder is emptied before the start and the
     * server unpacked again. (zonky unpacks once per process, so in a test JVM the server may run from elsewhere;
     * what is checked here is that such a file is not left to be run.)
     */
    @Test
    void aServerFileOthersCouldWriteIsNotKept() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("binaries/PG-tampered/bin"));
        Path postgres = Files.writeString(bin.resolve("postgres"), "#!/bin/sh\nexit 1\n");
        Files.setPosixFilePermissions(postgres, PosixFilePermissions.fromString("rwxrwxrwx"));
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir);
                Connection c = connect(db)) {
            assertThat(one(c, "SELECT 1")).isEqualTo("1");
            assertThat(dir.resolve("binaries/PG-tampered")).doesNotExist();
        }
    }

    /** A server folder as zonky leaves it: {@code bin/postgres} (a script exiting {@code exit}), and its marker. */
    private Path server(String name, boolean marker, int exit) throws Exception {
        Path server = Files.createDirectories(dir.resolve("binaries").resolve(name));
        Path postgres = Files.createDirectories(server.resolve("bin")).resolve("postgres");
        Files.writeString(postgres, "#!/bin/sh\nexit " + exit + "\n");
        Files.setPosixFilePermissions(postgres, PosixFilePermissions.fromString("rwx------"));
        if (marker) {
            Files.writeString(server.resolve(".exists"), "");
        }
        return server;
    }

    /**
     * A start stopped in the middle of the unpack (Ctrl-C or kill -9 during the first start's minute, or a full disk)
     * leaves the binaries folder open to others, as zonky opens it during its start, and a server folder without
     * zonky's marker, or with it but a server that does not run. Before, zonky's next unpack failed on the files
     * already there (or the start hung for 3 minutes), at every start from then on. The next start removes such a
     * folder so that zonky unpacks it again, and keeps a complete one. (Staged here rather than by interrupting a
     * real unpack: in a JVM that already unpacked a server elsewhere, zonky reuses that one and unpacks nothing.)
     */
    @Test
    void aServerFolderLeftUnfinishedByAStartCutShortIsRemovedAndACompleteOneKept() throws Exception {
        Path noMarker = server("PG-nomarker", false, 0);
        Path doesNotRun = server("PG-truncated", true, 1);
        Path complete = server("PG-complete", true, 0);
        Files.setPosixFilePermissions(dir.resolve("binaries"), PosixFilePermissions.fromString("rwx-w--w-"));

        BinariesFolder.clean(dir.resolve("binaries"));

        assertThat(noMarker).doesNotExist();
        assertThat(doesNotRun).doesNotExist();
        assertThat(complete.resolve("bin/postgres")).exists();
        assertThat(othersMayWrite(dir.resolve("binaries"))).isFalse();
    }

    /** Without a sign of a start cut short (the folder closed as tighten() leaves it), nothing is run or removed. */
    @Test
    void aClosedBinariesFolderIsLeftAsItIs() throws Exception {
        Path noMarker = server("PG-nomarker", false, 1);
        Files.setPosixFilePermissions(dir.resolve("binaries"), PosixFilePermissions.fromString("rwx------"));

        BinariesFolder.clean(dir.resolve("binaries"));

        assertThat(noMarker.resolve("bin/postgres")).exists();
    }

    /** Left from a version that kept zonky's world-writable folder: another user's files there are not run. */
    @Test
    void whatAnotherUserLeftInTheServerFolderIsRemovedBeforeTheStart() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "giving a file to another user needs root");
        Path planted = Files.createDirectories(dir.resolve("binaries/PG-planted/bin"));
        Files.writeString(planted.resolve("postgres"), "#!/bin/sh\n");
        UserPrincipal nobody =
                dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        for (Path p : List.of(planted.getParent(), planted, planted.resolve("postgres"))) {
            Files.setOwner(p, nobody);
        }
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir);
                Connection c = connect(db)) {
            assertThat(one(c, "SELECT 1")).isEqualTo("1");
            assertThat(dir.resolve("binaries/PG-planted")).doesNotExist();
        }
    }

    private static boolean othersMayWrite(Path p) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            return perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The kernel's out-of-memory killer, say: the server comes back on the same port with every committed row. */
    @Test
    void aServerThatDiesIsStartedAgainOnTheSamePortWithItsData() throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir)) {
            try (Connection c = connect(db);
                    Statement st = c.createStatement()) {
                st.execute("CREATE TABLE kept (v text)");
                st.execute("INSERT INTO kept VALUES ('committed before the kill')");
            }
            ProcessHandle first = db.serverProcess();
            new ProcessBuilder("kill", "-9", Long.toString(first.pid())).start().waitFor();
            first.onExit().get(10, TimeUnit.SECONDS);

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            String kept = null;
            while (kept == null) {
                try (Connection c = connect(db)) {
                    kept = one(c, "SELECT v FROM kept");
                } catch (java.sql.SQLException notYet) {
                    assertThat(System.nanoTime()).as("back within 60 s").isLessThan(deadline);
                    Thread.sleep(200);
                }
            }
            assertThat(kept).isEqualTo("committed before the kill");
            // pg_ctl lets clients in a moment before the watch has read the new server's pid
            while (db.serverProcess().pid() == first.pid()) {
                assertThat(System.nanoTime())
                        .as("the new server known within 60 s")
                        .isLessThan(deadline);
                Thread.sleep(50);
            }
            assertThat(db.serverProcess().isAlive()).isTrue();
            assertThat(Files.readString(dir.resolve("postgresql.log"))).contains("starting server anyway");
        }
        assertThat(dir.resolve("postgres/postmaster.pid")).doesNotExist();
    }

    @Test
    void aRestartKeepsTheDataAndAStopLeavesNoServerRunning() throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir);
                Connection c = connect(db);
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE kept (v text)");
            st.execute("INSERT INTO kept VALUES ('before the restart')");
        }
        assertThat(dir.resolve("postgres/postmaster.pid")).doesNotExist();
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir);
                Connection c = connect(db)) {
            assertThat(one(c, "SELECT v FROM kept")).isEqualTo("before the restart");
        }
    }

    @Test
    void aSecondOwnerOfTheDirectoryIsRefusedAndTheFirstKeepsRunning() throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir)) {
            assertThatThrownBy(() -> EmbeddedDatabase.start(dir))
                    .isInstanceOf(DataDirLock.InUseException.class)
                    .hasMessage("the data directory " + dir.toAbsolutePath().normalize()
                            + " is in use by another Hookline (pid "
                            + ProcessHandle.current().pid()
                            + "); stop that one, or set HOOKLINE_DATA_DIR to another directory");
            try (Connection c = connect(db)) {
                assertThat(one(c, "SELECT 1")).isEqualTo("1");
            }
        }
    }

    @Test
    void aServerLeftRunningByAKilledHooklineIsStoppedAndItsDataKept() throws Exception {
        Path bin;
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir);
                Connection c = connect(db);
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE kept (v text)");
            st.execute("INSERT INTO kept VALUES ('committed before the crash')");
            bin = db.binDir();
        }
        // what a SIGKILL of Hookline leaves: the server daemon still running on the directory, nobody holding the lock
        long orphan = startServerLikeAKilledHooklineLeftIt(bin, dir.resolve("postgres"));
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir);
                Connection c = connect(db)) {
            assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
            assertThat(one(c, "SELECT v FROM kept")).isEqualTo("committed before the crash");
        }
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static long startServerLikeAKilledHooklineLeftIt(Path bin, Path pgData) throws Exception {
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            command.addAll(List.of("unshare", "-U")); // as root, like the embedded server: PostgreSQL refuses root
        }
        command.addAll(List.of(
                bin.resolve("pg_ctl").toString(),
                "-D",
                pgData.toString(),
                "-o",
                "-p " + freePort() + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=''",
                "-w",
                "start"));
        Process pgCtl = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(pgData.resolveSibling("orphan.log").toFile())
                .start();
        assertThat(pgCtl.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(pgCtl.exitValue())
                .as(Files.readString(pgData.resolveSibling("orphan.log")))
                .isZero();
        long pid = Long.parseLong(
                Files.readAllLines(pgData.resolve("postmaster.pid")).get(0).strip());
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
        return pid;
    }
}
