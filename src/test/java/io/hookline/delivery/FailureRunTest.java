package io.hookline.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every transition of the "at most threshold + 1 failures in a row" rule, one row each: the steps are applied to a
 * fresh run (F a failure, S a success, V&lt;n&gt; the database's verdict counting n), then its state is read back. The
 * cap for a healthy receiver is 5 throughout.
 */
class FailureRunTest {

    private static final int MAX_IN_FLIGHT = 5;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
      # what                                             | threshold | stored | steps       | failures | exhausted | allowed
      a new webhook may have threshold + 1 on the wire   | 3         | 0      | ''          | 0        | false     | 4
      the cap applies when it is lower                   | 10        | 0      | ''          | 0        | false     | 5
      a count from the database is carried on           | 3         | 2      | ''          | 2        | false     | 2
      each failure takes one request from the allowance  | 3         | 0      | F           | 1        | false     | 3
      at threshold failures one request is left          | 3         | 0      | F F F       | 3        | false     | 1
      threshold + 1 failures exhaust the run             | 3         | 0      | F F F F     | 4        | true      | 0
      failures in flight past that keep it exhausted     | 3         | 0      | F F F F F   | 5        | true      | 0
      the stored count plus those seen here exhaust it   | 3         | 3      | F           | 4        | true      | 0
      a success resets the run                           | 3         | 0      | F F F S     | 0        | false     | 5
      a success resets a stored count too               | 3         | 2      | S           | 0        | false     | 5
      a success shows the receiver healthy: full cap     | 3         | 0      | S           | 0        | false     | 5
      a failure after a success is cautious again        | 3         | 0      | S F         | 1        | false     | 3
      a healthy receiver failing suddenly still exhausts | 3         | 0      | S F F F F   | 4        | true      | 0
      a success on the last allowed request resets it    | 3         | 0      | F F F S F   | 1        | false     | 3
      verdict 0 (re-enabled meanwhile) starts afresh     | 3         | 0      | F F F F V0  | 0        | false     | 4
      a verdict counting the whole run stays exhausted   | 3         | 0      | F F F F V4  | 4        | true      | 0
      the verdict replaces stored and seen counts        | 3         | 2      | F F V1      | 1        | false     | 3
      threshold 0: one request until the first answer    | 0         | 0      | ''          | 0        | false     | 1
      threshold 0: the first failure exhausts            | 0         | 0      | F           | 1        | true      | 0
      a lease's count from another instance is added on  | 3         | 0      | F A2        | 3        | false     | 1
      a lease's count lower than the stored one is kept  | 3         | 2      | A1          | 2        | false     | 2
      a lease's count may end the run sooner, not later  | 3         | 0      | F F A3      | 5        | true      | 0
      """)
    void transitions(
            String what, int threshold, int stored, String steps, int failures, boolean exhausted, int allowed) {
        FailureRun run = new FailureRun(threshold, stored);
        for (String step : steps.isBlank() ? new String[0] : steps.trim().split("\\s+")) {
            switch (step.charAt(0)) {
                case 'F' -> run.failure();
                case 'S' -> run.success();
                case 'V' -> run.verdict(Integer.parseInt(step.substring(1)));
                case 'A' -> run.atLeast(Integer.parseInt(step.substring(1)));
                default -> throw new IllegalArgumentException(step);
            }
        }

        assertThat(run.failures()).as("failures in a row").isEqualTo(failures);
        assertThat(run.exhausted()).as("exhausted").isEqualTo(exhausted);
        assertThat(run.allowedInFlight(MAX_IN_FLIGHT)).as("allowed in flight").isEqualTo(allowed);
    }
}
