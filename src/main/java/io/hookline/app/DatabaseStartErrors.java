package io.hookline.app;

import io.hookline.config.DatabaseUrl;
import io.hookline.store.Database;
import io.vertx.pgclient.PgException;
import java.sql.SQLException;

/**
 * One line saying what to fix when the database cannot be prepared at start (review: a role without CREATEDB was told
 * the server "is not reachable", and a role without CREATE on the schema got Flyway's multi-line dump).
 */
final class DatabaseStartErrors {

    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    private DatabaseStartErrors() {}

    /** Connecting to the server, or creating the database, failed. */
    static StartupException preparing(DatabaseUrl url, Throwable err) {
        if (err instanceof PgException pg) { // the server answered: it is reachable, and refused
            String hint = INSUFFICIENT_PRIVILEGE.equals(pg.getSqlState())
                    ? "create database '" + url.database() + "' yourself, or give user '" + url.user()
                            + "' the CREATEDB privilege"
                    : "check HOOKLINE_DB_URL and the server's log";
            return new StartupException("PostgreSQL at " + url.redacted() + " refused to prepare database '"
                    + url.database() + "' (" + pg.getErrorMessage() + "); " + hint);
        }
        if (err instanceof java.util.concurrent.TimeoutException) {
            return new StartupException("PostgreSQL at " + url.redacted() + " did not answer within "
                    + Database.START_ANSWER_TIMEOUT_MS / 1000 + " s (the connection was accepted, or still hangs); "
                    + "check that HOOKLINE_DB_URL names a PostgreSQL server and that it is not stalled");
        }
        return new StartupException("PostgreSQL at " + url.redacted() + " is not reachable (" + err.getMessage()
                + "); start it or point HOOKLINE_DB_URL at a running server");
    }

    /** Flyway's migration failed: the first line of the database's own error, and what to do about it. */
    static StartupException migrating(DatabaseUrl url, Throwable err) {
        if (err instanceof Database.NewerSchemaException) {
            return new StartupException(err.getMessage());
        }
        String changed = changedMigrations(err);
        if (changed != null) {
            return new StartupException("Could not migrate database '" + url.database() + "' at " + url.redacted()
                    + ": " + changed + " was applied by a build whose migration differs from this one's (a build from"
                    + " between releases); such a database cannot be upgraded in place: start the build that created"
                    + " it, or start this one on an empty database");
        }
        SQLException sql = sqlCause(err);
        String reason = (sql != null ? sql.getMessage() : String.valueOf(err.getMessage()))
                .lines()
                .findFirst()
                .orElse(err.toString());
        String hint = sql != null && INSUFFICIENT_PRIVILEGE.equals(sql.getSQLState())
                ? "give user '" + url.user() + "' the CREATE privilege on schema public of database '" + url.database()
                        + "', or make it the database's owner"
                : "check the server's log";
        return new StartupException("Could not migrate database '" + url.database() + "' at " + url.redacted() + " ("
                + reason + "); " + hint);
    }

    /**
     * "migration 6" (or "migrations 6, 8") when Flyway's validation found applied migrations whose checksum differs
     * from this build's; null for any other failure. Its message says so on a later line, which the first-line rule
     * below dropped, leaving "Migrations have failed validation" and a pointer to the server's log, which knows nothing
     * of it (an outside review).
     */
    private static String changedMigrations(Throwable err) {
        for (Throwable t = err; t != null; t = t.getCause()) {
            if (t instanceof org.flywaydb.core.api.exception.FlywayValidateException) {
                java.util.List<String> versions = CHECKSUM_MISMATCH
                        .matcher(String.valueOf(t.getMessage()))
                        .results()
                        .map(m -> m.group(1))
                        .toList();
                return versions.isEmpty()
                        ? null
                        : (versions.size() == 1 ? "migration " : "migrations ") + String.join(", ", versions);
            }
        }
        return null;
    }

    private static final java.util.regex.Pattern CHECKSUM_MISMATCH =
            java.util.regex.Pattern.compile("checksum mismatch for migration version (\\S+)");

    private static SQLException sqlCause(Throwable err) {
        for (Throwable t = err; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }
}
