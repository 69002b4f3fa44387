package io.hookline.store;

import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * Tells the kinds of database failure apart by exception type and SQLSTATE (never by message text): PostgreSQL
 * unreachable or going away (a 503, retried), the database refusing a row for its content (no retry can fix it),
 * and everything else (a bug: a 500).
 */
public final class StorageErrors {

    private StorageErrors() {}

    /** This instance closed its own pool: it is stopping, and PostgreSQL refused nothing. */
    public static boolean isPoolClosed(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if ("Pool closed".equals(t.getMessage())) { // what Vert.x's pool fails every request with once closed
                return true;
            }
        }
        return false;
    }

    public static boolean isUnavailable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (isPoolWait(t)) {
                return true;
            }
            if (t instanceof IOException
                    || t instanceof ClosedConnectionException
                    || t instanceof TimeoutException
                    || t instanceof io.netty.channel.ConnectTimeoutException
                    || t instanceof ConnectionPoolTooBusyException) {
                return true; // ConnectException, connection reset and closed channels are IOExceptions
            }
            if (t instanceof PgException pg && unavailableState(pg.getSqlState(), pg.getSeverity())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The pool gave no connection within its connection timeout (PostgreSQL silent, or every connection busy): Vert.x
     * fails such a request with a bare {@code "Timeout"} (or {@code "Timeout waiting for connection"}) and no type of
     * its own, so it is told by its class and exact message. No statement was sent. It was taken as PostgreSQL
     * refusing the rows, and the attempt writer left them out while the event counted as parked: lost at the next
     * crash (an outside review).
     */
    static boolean isPoolWait(Throwable t) {
        String message = t.getMessage();
        return (t.getClass().getName().equals("io.vertx.core.impl.NoStackTraceThrowable") && "Timeout".equals(message))
                || (t instanceof VertxException && "Timeout waiting for connection".equals(message));
    }

    /**
     * The connection broke while a statement could have been on its way or running, so PostgreSQL may have committed
     * it and lost only its answer: a closed or reset connection, or the server ending the session (08, 57P01, 57P02).
     * Not when no connection could be made, nor when PostgreSQL answered the statement with an error. Callers also
     * check that the write had a connection: a connection that broke while it was being made sent nothing.
     */
    public static boolean answerMayBeLost(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof io.netty.channel.ConnectTimeoutException) {
                return false;
            }
            if (t instanceof ClosedConnectionException || t instanceof IOException) {
                return true;
            }
            if (t instanceof PgException pg) {
                String state = pg.getSqlState();
                return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02"));
            }
        }
        return false;
    }

    /**
     * Class 08 (connection exception), 53 (insufficient resources: too many connections, disk full), 57P01..57P03
     * (the server is shutting down or starting), 57P05 (a DBA's idle_session_timeout ended a pooled connection), 58
     * (system error), and what the server answers a new connection it refuses: 28 (the password or pg_hba.conf refused it), 3D000 (the database is gone) and 55000 (the database
     * does not accept connections now). Those last three were a 500 on the admin listener while ingest said 503; they
     * count only as FATAL, the severity of a refused connection: 55000 is also an ordinary statement error (ERROR),
     * which is a bug to report, not an outage to wait out. Also what a statement can meet on a healthy row: 57014 (a
     * {@code statement_timeout} a DBA set, or a cancel), 55P03 ({@code lock_timeout}) and 25006 (a read-only server
     * during a fail-over); they were taken as refusing the row for its content, and a row written alone was dropped.
     */
    static boolean unavailableState(String state, String severity) {
        if (state == null) {
            return false;
        }
        if (state.startsWith("28") || state.equals("3D000") || state.equals("55000")) {
            return "FATAL".equals(severity);
        }
        return state.startsWith("08")
                || state.startsWith("53")
                || state.startsWith("58")
                || state.equals("57P01")
                || state.equals("57P02")
                || state.equals("57P03")
                || state.equals("57P05")
                || state.equals("57014")
                || state.equals("55P03")
                || state.equals("25006");
    }

    /**
     * PostgreSQL rolled the transaction back to break a deadlock (40P01) or a serialization conflict (40001): nothing
     * of it was kept, and written again it goes through.
     */
    public static boolean isConflictRollback(Throwable error) {
        return hasState(error, "40P01", "40001");
    }

    /** The statement was cancelled (57014): a {@code statement_timeout}, or a cancel by an administrator. */
    public static boolean isCancelled(Throwable error) {
        return hasState(error, "57014");
    }

    /** The failure, or one of its causes, is PostgreSQL's with one of these SQLSTATEs. */
    private static boolean hasState(Throwable error, String... states) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof PgException pg && java.util.Arrays.asList(states).contains(pg.getSqlState())) {
                return true;
            }
        }
        return false;
    }

    /** A unique constraint refused a row (SQLSTATE 23505). */
    public static boolean isDuplicate(Throwable err) {
        return err instanceof PgException pg && "23505".equals(pg.getSqlState());
    }

    /**
     * The journal's reaction write met a reaction whose producer id was taken ({@link ReactionStates#REACTION_TAKEN});
     * nothing of the statement was kept.
     */
    public static boolean isReactionTaken(Throwable err) {
        return err instanceof PgException pg && ReactionStates.REACTION_TAKEN.equals(pg.getSqlState());
    }

    /** SQLSTATE class 22 (data exception) or 23 (integrity constraint): the same rows will never be accepted. */
    public static boolean refusedForItsData(Throwable err) {
        return err instanceof PgException pg
                && pg.getSqlState() != null
                && (pg.getSqlState().startsWith("22") || pg.getSqlState().startsWith("23"));
    }
}
