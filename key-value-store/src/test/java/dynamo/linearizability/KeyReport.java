package dynamo.linearizability;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Turns a key's search outcome into a {@link KeyResult} a person can act on. */
final class KeyReport {

  private static final int MAX_INVOLVED = 25;
  private static final int PRECEDING_SHOWN = 5;

  private final String key;
  private final List<Operation> operations;
  private final RegisterSearch.Outcome outcome;
  private final Duration elapsed;
  private final Limits limits;

  KeyReport(String key, List<Operation> operations, RegisterSearch.Outcome outcome,
      Duration elapsed, Limits limits) {
    this.key = key;
    this.operations = operations;
    this.outcome = outcome;
    this.elapsed = elapsed;
    this.limits = limits;
  }

  KeyResult toResult() {
    Optional<Violation> violation = outcome.verdict() == Verdict.NOT_LINEARIZABLE
        ? Optional.of(violation()) : Optional.empty();
    String text = switch (outcome.verdict()) {
      case LINEARIZABLE -> headline("linearizable");
      case UNKNOWN -> unknownText();
      case NOT_LINEARIZABLE -> violationText(violation.orElseThrow());
    };
    return new KeyResult(key, outcome.verdict(), operations.size(), outcome.explored(), elapsed,
        violation, text);
  }

  private String headline(String verdict) {
    return "key \"" + key + "\": " + verdict + " (" + operations.size() + " operations, "
        + outcome.explored() + " states explored, " + elapsed.toMillis() + " ms)";
  }

  private String unknownText() {
    long indeterminate = operations.stream().filter(op -> op.outcome().indeterminate()).count();
    String reached = outcome.blocked() == null ? ""
        : "\n  the search reached event " + outcome.blocked().deadline;
    return headline("UNKNOWN, search budget exhausted (" + limits.maxStatesPerKey() + " states or "
        + limits.timeoutPerKey().toSeconds() + " s)")
        + "\n  neither proved nor refuted; " + indeterminate
        + " indeterminate (info/pending) operations widen the search" + reached;
  }

  private Violation violation() {
    Operation blocked = outcome.blocked().operation;
    return new Violation(blocked, outcome.possibleValues(), involved(blocked, outcome.blocked().deadline), outcome.blocked().deadline);
  }

  private String violationText(Violation violation) {
    StringBuilder text = new StringBuilder(headline("NOT linearizable"))
        .append("\n  no linearization can place ").append(violation.blocked())
        .append("\n  before it, the register could only hold: ")
        .append(violation.possibleValues().stream().map(Op::show).collect(Collectors.joining(", ")));
    if (violation.blocked().outcome().indeterminate()) {
      text.append("\n  (its outcome is unknown, but it alone wrote a value that a completed operation"
          + " observed, so it must take effect before event ").append(violation.prefixEvents()).append(')');
    }
    diagnosis(violation.blocked()).ifPresent(note -> text.append("\n  ").append(note));
    text.append("\n  the history up to event ").append(violation.prefixEvents())
        .append(" is already not linearizable; operations involved:");
    violation.involved().forEach(op -> text.append("\n    ").append(op));
    return text.toString();
  }

  /** A hint when the observed value had no (effective) writer at all. */
  private Optional<String> diagnosis(Operation blocked) {
    Op op = blocked.op();
    String seen = op.kind() == Op.Kind.READ ? blocked.readValue()
        : op.kind() == Op.Kind.CAS && blocked.casSucceeded() ? op.expected() : null;
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
  private List<Operation> involved(Operation blocked, long until) {
    Stream<Operation> concurrent = operations.stream()
        .filter(op -> op != blocked && op.invokeSeq() < until && !op.precedes(blocked));
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
