package io.hookline.testing;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;

/** A real SMTP server (GreenMail) on loopback for the notification tests. */
public final class Mail implements AutoCloseable {

    private final GreenMail greenMail;

    private Mail(int port) {
        this.greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    }

    public static Mail start() {
        return startOn(freePort());
    }

    public static Mail startOn(int port) {
        Mail mail = new Mail(port);
        mail.greenMail.start();
        return mail;
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return greenMail.getSmtp().getPort();
    }

    public List<MimeMessage> messages() {
        return Arrays.asList(greenMail.getReceivedMessages());
    }

    /** Waits up to {@code ms} for at least {@code count} messages; returns all received. */
    public List<MimeMessage> await(int count, long ms) {
        greenMail.waitForIncomingEmail(ms, count);
        return messages();
    }

    public static String body(MimeMessage message) {
        try {
            return String.valueOf(message.getContent());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
