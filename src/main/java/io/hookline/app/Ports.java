package io.hookline.app;

/** The ports the listeners actually bound (differs from the configuration when it asks for port 0). */
public final class Ports {

    private volatile int ingest = -1;
    private volatile int admin = -1;

    public void ingest(int port) {
        ingest = port;
    }

    public void admin(int port) {
        admin = port;
    }

    public int ingest() {
        return ingest;
    }

    public int admin() {
        return admin;
    }
}
