package dynamo.linearizability;

import java.time.Duration;

/**
 * Budget of the search for one key; when exhausted the key's verdict is {@link Verdict#UNKNOWN}
 * instead of the check hanging on a pathological history.
 *
 * @param timeoutPerKey wall-clock limit of one key's search
 * @param maxStatesPerKey limit on explored search states (each one is memoized, so this bounds memory)
 */
public record Limits(Duration timeoutPerKey, long maxStatesPerKey) {

  public static final Limits DEFAULT = new Limits(Duration.ofSeconds(30), 2_000_000);

  public Limits {
    if (timeoutPerKey.isNegative() || maxStatesPerKey < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }
}
