package hookline.load;

import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An event body with two placeholders, split once so each request is built by appending: {@code __UID__} becomes a
 * fresh message uid, {@code __T__} a time in epoch microseconds (the counting receiver measures latency from it).
 */
final class Template {

  private final String[] parts;
  private final boolean[] isUid;

  private Template(String text) {
    String[] pieces = text.split("(?=__UID__|__T__)|(?<=__UID__|__T__)");
    parts = pieces;
    isUid = new boolean[pieces.length];
    for (int i = 0; i < pieces.length; i++) {
      isUid[i] = pieces[i].equals("__UID__");
    }
  }

  static Template read(String file) throws IOException {
    return new Template(Files.readString(Path.of(file), StandardCharsets.UTF_8).strip());
  }

  void appendTo(StringBuilder out, String uid, long micros) {
    for (int i = 0; i < parts.length; i++) {
      if (isUid[i]) {
        out.append(uid);
      } else if (parts[i].equals("__T__")) {
        out.append(micros);
      } else {
        out.append(parts[i]);
      }
    }
  }

  Buffer render(String uid, long micros) {
    StringBuilder out = new StringBuilder(2048);
    appendTo(out, uid, micros);
    return Buffer.buffer(out.toString());
  }
}
