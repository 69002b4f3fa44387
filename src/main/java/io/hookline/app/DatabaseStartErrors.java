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

    private static SQLException sqlCause(Throwable err) {
        for (Throwable t = err; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }
}
