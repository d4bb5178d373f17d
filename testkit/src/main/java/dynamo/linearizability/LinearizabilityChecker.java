package dynamo.linearizability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks that a recorded {@link History} is linearizable, key by key, against a register model
 * (read, write/delete, compare-and-set) starting absent. A fast scan for values observed after a
 * real-time-ordered overwrite runs first; then an exhaustive search decides (or, past its
 * {@link Limits}, answers {@link Verdict#UNKNOWN}).
 *
 * <pre>{@code
 * Result result = LinearizabilityChecker.check(history);
 * assertThat(result.isLinearizable()).as(result.toString()).isTrue();
 * }</pre>
 */
public final class LinearizabilityChecker {

  private LinearizabilityChecker() {}

  public static Result check(History history) {
    return check(history, Limits.DEFAULT);
  }

  public static Result check(History history, Limits limits) {
    return check(history, limits, true);
  }

  /** {@code quickChecks} off leaves every verdict to the search (tests of the search use it). */
  static Result check(History history, Limits limits, boolean quickChecks) {
    Map<String, List<Operation>> byKey = new LinkedHashMap<>();
    for (Operation operation : history.operations()) {
      byKey.computeIfAbsent(operation.key(), key -> new ArrayList<>()).add(operation);
    }
    List<KeyResult> results = new ArrayList<>(byKey.size());
    byKey.forEach((key, operations) -> results.add(checkKey(key, operations, limits, quickChecks)));
    return new Result(results);
  }

  private static KeyResult checkKey(String key, List<Operation> operations, Limits limits, boolean quickChecks) {
    long start = System.nanoTime();
    Optional<Violation> stale = quickChecks ? StaleObservationCheck.find(operations) : Optional.empty();
    if (stale.isPresent()) {
      return report(key, operations, start).violation(stale.get(), 0);
    }
    RegisterSearch.Conclusion conclusion = new RegisterSearch(Calls.of(operations), limits).run();
    return switch (conclusion.verdict()) {
      case LINEARIZABLE -> report(key, operations, start).linearizable(conclusion.explored());
      case UNKNOWN -> report(key, operations, start).unknown(conclusion, limits);
      case NOT_LINEARIZABLE -> {
        long deadline = start + limits.timeoutPerKey().toNanos();
        ShortestFailingPrefix.Culprit culprit = ShortestFailingPrefix.find(operations, deadline, limits);
        yield report(key, operations, start).violation(culprit, conclusion.explored());
      }
    };
  }

  private static KeyReport report(String key, List<Operation> operations, long start) {
    return new KeyReport(key, operations, Duration.ofNanos(System.nanoTime() - start));
  }
}
