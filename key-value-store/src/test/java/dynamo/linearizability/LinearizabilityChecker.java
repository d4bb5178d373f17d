package dynamo.linearizability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks that a recorded {@link History} is linearizable, key by key, against a register model
 * (read, write/delete, compare-and-set) starting absent.
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
    Map<String, List<Operation>> byKey = new LinkedHashMap<>();
    for (Operation operation : history.operations()) {
      byKey.computeIfAbsent(operation.key(), key -> new ArrayList<>()).add(operation);
    }
    List<KeyResult> results = new ArrayList<>(byKey.size());
    byKey.forEach((key, operations) -> results.add(checkKey(key, operations, limits)));
    return new Result(results);
  }

  private static KeyResult checkKey(String key, List<Operation> operations, Limits limits) {
    long start = System.nanoTime();
    RegisterSearch.Outcome outcome = new RegisterSearch(Calls.of(operations), limits).run();
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    return new KeyReport(key, operations, outcome, elapsed, limits).toResult();
  }
}
