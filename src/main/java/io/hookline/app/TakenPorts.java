package io.hookline.app;

import io.hookline.config.HooklineConfig;
import io.hookline.http.Listener;

/**
 * The listeners' ports and address, asked before anything starts: a port another process listens on, or an address
 * this machine does not have, stops the start with the bind's own line (exit 1) before a database is touched.
 */
final class TakenPorts {

    private TakenPorts() {}

    /** Throws {@link Taken} with the line to print when a listener could not bind. */
    static void check(HooklineConfig config) {
        String host = config.listeners().bindAddress();
        String taken = Listener.portTaken("ingest", host, config.listeners().ingestPort());
        if (taken == null) {
            taken = Listener.portTaken("admin", host, config.listeners().adminPort());
        }
        if (taken != null) {
            throw new Taken(taken);
        }
    }

    /** Thrown inside the embedded start too, so that it releases the data directory's lock on its way out. */
    static final class Taken extends RuntimeException {
        Taken(String message) {
            super(message, null, false, false);
        }
    }
}
