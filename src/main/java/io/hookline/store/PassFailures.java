package io.hookline.store;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * The log of work that fails on every try while PostgreSQL is away: a background pass on a timer (re-drive, the mail
 * outbox, due reaction folds, recovery claims), or the journal's writes under ingest load.
 * While PostgreSQL is unreachable such a pass fails on every tick; logging each failure turned an outage into several
 * warnings a second from every pass. So the first failure is a warning, then at most one a minute while it goes on
 * (saying how many were left out), and the first success after them says so once. A failure of any other kind is
 * always logged: it is not an outage and may be a bug. One instance per pass, used on that pass's event loop only.
 */
public final class PassFailures {

    private static final long REMIND_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Logger log;
    private final String pass;
    private final String meanwhile;
    private long failingSince = -1;
    private long lastLogged;
    private int leftOut;
    private int failedTimes;

    /** {@code pass}: what the log lines call it, e.g. "Re-drive cycle". */
    public PassFailures(Logger log, String pass) {
        this(log, pass, "retrying");
    }

    /** {@code meanwhile}: what happens while it fails, e.g. "producers get 503". */
    public PassFailures(Logger log, String pass, String meanwhile) {
        this.log = log;
        this.pass = pass;
        this.meanwhile = meanwhile;
    }

    public void failed(Throwable error) {
        if (!StorageErrors.isUnavailable(error)) {
            log.warn("{} failed: {}", pass, error.toString());
            return;
        }
        long now = System.nanoTime();
        failedTimes++;
        if (failingSince < 0) {
            failingSince = now;
            lastLogged = now;
            log.warn(
                    "{} failed: {}; PostgreSQL is unavailable, {} (one line a minute until it works)",
                    pass,
                    error.toString(),
                    meanwhile);
        } else if (now - lastLogged >= REMIND_NANOS) {
            log.warn(
                    "{} still failing ({} more failures since the last line): {}", pass, leftOut + 1, error.toString());
            lastLogged = now;
            leftOut = 0;
        } else {
            leftOut++;
        }
    }

    public void succeeded() {
        if (failingSince >= 0) {
            log.info(
                    "{} works again, after {} failures in {} s of PostgreSQL being unavailable",
                    pass,
                    failedTimes,
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - failingSince));
            failingSince = -1;
            leftOut = 0;
            failedTimes = 0;
        }
    }
}
