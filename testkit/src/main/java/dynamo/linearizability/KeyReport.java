package dynamo.linearizability;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Turns a key's verdict into a {@link KeyResult} a person can act on. */
final class KeyReport {

  private static final int MAX_INVOLVED = 25;
  private static final int PRECEDING_SHOWN = 5;

  private final String key;
  private final List<Operation> operations;
  private final Duration elapsed;

  KeyReport(String key, List<Operation> operations, Duration elapsed) {
    this.key = key;
    this.operations = operations;
    this.elapsed = elapsed;
  }

  KeyResult linearizable(long explored) {
    return new KeyResult(key, Verdict.LINEARIZABLE, operations.size(), explored, elapsed,
        Optional.empty(), headline("linearizable", explored));
  }

  KeyResult unknown(RegisterSearch.Conclusion conclusion, Limits limits) {
    return new KeyResult(key, Verdict.UNKNOWN, operations.size(), conclusion.explored(), elapsed,
        Optional.empty(), unknownText(conclusion, limits));
  }

  KeyResult violation(ShortestFailingPrefix.Culprit culprit, long explored) {
    Operation blocked = culprit.operation();
    return violation(new Violation(blocked, culprit.reason(), culprit.possibleValues(),
        involved(blocked), blocked.completeSeq()), explored);
  }

  KeyResult violation(Violation violation, long explored) {
    StringBuilder text = new StringBuilder(headline("NOT linearizable", explored))
        .append("\n  cannot linearize ").append(violation.blocked())
        .append("\n  ").append(violation.reason());
    if (!violation.possibleValues().isEmpty()) {
      text.append("; the linearizations tried for the operations before it left the register holding: ")
          .append(violation.possibleValues().stream().map(Op::show).collect(Collectors.joining(", ")));
    }
    diagnosis(violation.blocked()).ifPresent(note -> text.append("\n  ").append(note));
    text.append("\n  the history up to event ").append(violation.prefixEvents())
        .append(" is already not linearizable; operations involved:");
    violation.involved().forEach(op -> text.append("\n    ").append(op));
    return new KeyResult(key, Verdict.NOT_LINEARIZABLE, operations.size(), explored, elapsed,
        Optional.of(violation), text.toString());
  }

  private String headline(String verdict, long explored) {
    return "key \"" + key + "\": " + verdict + " (" + operations.size() + " operations, "
        + explored + " states explored, " + elapsed.toMillis() + " ms)";
  }

  private String unknownText(RegisterSearch.Conclusion conclusion, Limits limits) {
    long indeterminate = operations.stream().filter(op -> op.outcome().indeterminate()).count();
    String reached = conclusion.blocked() == null ? ""
        : "\n  the search reached event " + conclusion.blocked().deadline;
    return headline("UNKNOWN, search budget exhausted (" + limits.maxStatesPerKey() + " states or "
        + limits.timeoutPerKey().toSeconds() + " s)", conclusion.explored())
        + "\n  neither proved nor refuted; concurrency and the " + indeterminate
        + " indeterminate (info/pending) operations widen the search" + reached;
  }

  /** A hint when the observed value had no (effective) writer at all. */
  private Optional<String> diagnosis(Operation blocked) {
    String seen = blocked.observed() ? blocked.observedValue() : null;
    if (seen == null) {
      return Optional.empty();
    }
    List<Operation> writers = operations.stream()
        .filter(other -> other.op().mutates() && Objects.equals(other.op().value(), seen)).toList();
    if (writers.isEmpty()) {
      return Optional.of(Op.show(seen) + " was never written by any operation");
    }
    if (writers.stream().allMatch(writer -> writer.outcome() == Outcome.FAIL)) {
      return Optional.of(Op.show(seen) + " was written only by failed operations: #" + writers.get(0).id());
    }
    if (writers.stream().allMatch(writer -> writer.invokeSeq() > blocked.completeSeq())) {
      return Optional.of(Op.show(seen) + " was written only by operations invoked after this one returned: #"
          + writers.get(0).id());
    }
    return Optional.empty();
  }

  /** The operations overlapping the blocked one, plus the last few that completed before it. */
  private List<Operation> involved(Operation blocked) {
    Stream<Operation> concurrent = operations.stream()
        .filter(op -> op != blocked && op.invokeSeq() < blocked.completeSeq() && !op.precedes(blocked));
    Stream<Operation> preceding = operations.stream()
        .filter(op -> op.precedes(blocked))
        .sorted(Comparator.comparingLong(Operation::completeSeq).reversed())
        .limit(PRECEDING_SHOWN);
    return Stream.concat(Stream.concat(preceding, concurrent), Stream.of(blocked))
        .sorted(Comparator.comparingLong(Operation::invokeSeq))
        .limit(MAX_INVOLVED)
        .toList();
  }
}
