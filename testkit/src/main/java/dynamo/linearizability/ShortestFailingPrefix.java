package dynamo.linearizability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Narrows a violation down to the shortest failing prefix of a key's history, by bisection over
 * the completions of OK operations; the operation completing last in it is the culprit.
 *
 * <p>A prefix keeps the operations invoked up to its last event; those that completed OK later
 * are pending in it, and those that failed stay failed (a failure is a fact about the operation,
 * whenever it was learned). Linearizability is prefix-closed, so failing is monotone in the
 * prefix length. The search alone cannot name the culprit: its reductions assume every observer
 * of the whole history, so on a history that is not linearizable it may stall earlier.
 */
final class ShortestFailingPrefix {

  private final List<Operation> operations;
  private final long deadline;
  private final Limits limits;

  private ShortestFailingPrefix(List<Operation> operations, long deadline, Limits limits) {
    this.operations = operations;
    this.deadline = deadline;
    this.limits = limits;
  }

  /** The operation completing last in the shortest failing prefix, and what is known about it. */
  record Culprit(Operation operation, String reason, List<String> possibleValues) {}

  /** Bisects a failing history, until {@code deadline} (a nanoTime) at most. */
  static Culprit find(List<Operation> operations, long deadline, Limits limits) {
    return new ShortestFailingPrefix(operations, deadline, limits).bisect();
  }

  private Culprit bisect() {
    List<Long> ends = operations.stream().filter(op -> op.outcome() == Outcome.OK)
        .map(Operation::completeSeq).sorted().toList();
    int passing = -1;
    int failing = ends.size() - 1;
    Optional<RegisterSearch.Conclusion> failingConclusion = Optional.empty();
    while (failing - passing > 1) {
      int middle = (passing + failing) >>> 1;
      Optional<RegisterSearch.Conclusion> conclusion = search(ends.get(middle));
      if (conclusion.isEmpty()) {
        break;
      }
      if (conclusion.get().verdict() == Verdict.LINEARIZABLE) {
        passing = middle;
      } else {
        failing = middle;
        failingConclusion = conclusion;
      }
    }
    long end = ends.get(failing);
    Operation culprit = operations.stream().filter(op -> op.completeSeq() == end).findFirst().orElseThrow();
    if (failingConclusion.filter(conclusion -> blocks(conclusion, culprit)).isEmpty()) {
      failingConclusion = search(end);
    }
    List<String> possible = failingConclusion.filter(conclusion -> blocks(conclusion, culprit))
        .map(RegisterSearch.Conclusion::possibleValues).orElse(List.of());
    String reason = passing < 0
        ? "no linearization of the history up to its return exists"
        : "no linearization of the history up to its return exists, although the history up to event "
            + ends.get(passing) + " is linearizable";
    return new Culprit(culprit, reason, possible);
  }

  private static boolean blocks(RegisterSearch.Conclusion conclusion, Operation culprit) {
    return conclusion.verdict() == Verdict.NOT_LINEARIZABLE && conclusion.blocked() != null
        && conclusion.blocked().operation == culprit;
  }

  /** The search's conclusion on the prefix ending at {@code end}, or empty when out of time. */
  private Optional<RegisterSearch.Conclusion> search(long end) {
    long remaining = deadline - System.nanoTime();
    if (remaining <= 0) {
      return Optional.empty();
    }
    Limits stepLimits = new Limits(Duration.ofNanos(remaining), limits.maxStatesPerKey());
    RegisterSearch.Conclusion conclusion = new RegisterSearch(Calls.of(prefix(end)), stepLimits).run();
    return conclusion.verdict() == Verdict.UNKNOWN ? Optional.empty() : Optional.of(conclusion);
  }

  private List<Operation> prefix(long end) {
    List<Operation> prefix = new ArrayList<>();
    for (Operation op : operations) {
      if (op.invokeSeq() > end) {
        continue;
      }
      boolean pendingAtEnd = op.outcome() != Outcome.FAIL && (op.completeSeq() > end || op.completeSeq() == 0);
      prefix.add(pendingAtEnd ? pending(op) : op);
    }
    return prefix;
  }

  private static Operation pending(Operation op) {
    return new Operation(op.id(), op.process(), op.key(), op.op(), Outcome.PENDING, null,
        op.invokeSeq(), 0, op.invokeNanos(), 0);
  }
}
