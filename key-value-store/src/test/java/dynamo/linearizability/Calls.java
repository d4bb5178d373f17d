package dynamo.linearizability;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The calls of one key worth searching over. Failed operations and indeterminate reads are
 * dropped (no effect, no observation). An indeterminate mutation is
 * <ul>
 *   <li>required, if it alone wrote a value that a completed operation observed: it must have
 *       taken effect, before that observer returned;
 *   <li>dropped, if no operation looked at its value and no failed cas ends after its invocation:
 *       until the next write only a failed cas ("value was not X") could tell it happened;
 *   <li>optional otherwise.
 * </ul>
 *
 * @param required calls with a deadline, in invocation order
 * @param optional calls that may be omitted, in invocation order
 */
record Calls(List<Call> required, List<Call> optional, Values values) {

  static Calls of(List<Operation> operations) {
    Values values = new Values();
    Map<Integer, Integer> writers = new HashMap<>();
    Map<Integer, Long> firstObserverReturn = new HashMap<>();
    long lastFailedCasReturn = 0;
    for (Operation operation : operations) {
      Op op = operation.op();
      if (operation.outcome() == Outcome.OK && op.kind() == Op.Kind.READ) {
        firstObserverReturn.merge(values.distinguish(operation.readValue()), operation.completeSeq(), Math::min);
      } else if (op.kind() == Op.Kind.CAS && operation.outcome() != Outcome.FAIL) {
        int expected = values.distinguish(op.expected());
        if (operation.outcome() == Outcome.OK && operation.casSucceeded()) {
          firstObserverReturn.merge(expected, operation.completeSeq(), Math::min);
        } else if (operation.outcome() == Outcome.OK) {
          lastFailedCasReturn = Math.max(lastFailedCasReturn, operation.completeSeq());
        }
      }
    }
    for (Operation operation : operations) {
      if (mayHaveWritten(operation)) {
        writers.merge(values.id(operation.op().value()), 1, Integer::sum);
      }
    }

    List<Call> required = new ArrayList<>();
    List<Call> optional = new ArrayList<>();
    for (Operation operation : operations) {
      Op op = operation.op();
      int seen = op.kind() == Op.Kind.READ ? values.id(operation.readValue()) : values.id(op.expected());
      int written = values.id(op.value());
      Long observed = firstObserverReturn.get(written);
      boolean observedSoleWriter = op.mutates() && observed != null
          && written > Values.ABSENT && writers.get(written) == 1;
      if (operation.outcome() == Outcome.OK) {
        required.add(new Call(operation, true, required.size(), operation.completeSeq(), seen, written,
            observedSoleWriter));
      } else if (operation.outcome().indeterminate() && op.mutates()) {
        if (observedSoleWriter && observed > operation.invokeSeq()) {
          required.add(new Call(operation, true, required.size(), observed, seen, written, true));
        } else if (written != Values.UNREAD || lastFailedCasReturn > operation.invokeSeq()) {
          optional.add(new Call(operation, false, optional.size(), Long.MAX_VALUE, seen, written, true));
        }
      }
    }
    return new Calls(required, optional, values);
  }

  private static boolean mayHaveWritten(Operation operation) {
    return switch (operation.outcome()) {
      case OK -> operation.op().kind() == Op.Kind.WRITE || operation.casSucceeded();
      case INFO, PENDING -> operation.op().mutates();
      case FAIL -> false;
    };
  }
}
