package dynamo.linearizability;

import java.time.Duration;
import java.util.Optional;

/**
 * The check of one key.
 *
 * @param operations operations recorded on the key (all outcomes)
 * @param statesExplored search states visited, a measure of how hard the history was
 * @param violation present iff the verdict is {@link Verdict#NOT_LINEARIZABLE}
 * @param explanation human-readable account of the verdict
 */
public record KeyResult(
    String key,
    Verdict verdict,
    int operations,
    long statesExplored,
    Duration elapsed,
    Optional<Violation> violation,
    String explanation) {

  public boolean isLinearizable() {
    return verdict == Verdict.LINEARIZABLE;
  }

  @Override
  public String toString() {
    return explanation;
  }
}
