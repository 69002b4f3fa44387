package io.hookline;

/**
 * Chooses the log layout before the first logger exists: {@code logback.xml} (text) or {@code logback-json.xml}
 * (one JSON object per line) from the classpath.
 */
final class Logging {

  private Logging() {
  }

  static void configure(String format) {
    if ("json".equals(format) && System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "logback-json.xml");
    }
  }
}
