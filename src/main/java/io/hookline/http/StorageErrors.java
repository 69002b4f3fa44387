package io.hookline.http;

import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

/** Tells "PostgreSQL is unreachable" (a 503) apart from errors that are bugs (a 500). */
public final class StorageErrors {

  private StorageErrors() {
  }

  public static boolean isUnavailable(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof ClosedConnectionException || t instanceof TimeoutException
          || t instanceof io.netty.channel.ConnectTimeoutException) {
        return true;
      }
      String message = t.getMessage();
      if (message != null && (message.contains("Connection refused") || message.contains("Timeout")
          || message.contains("closed") || message.contains("Connection reset"))) {
        return true;
      }
    }
    return false;
  }
}
