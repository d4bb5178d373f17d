package dynamo.linearizability;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The calls of one key worth searching over: completed operations are required; failed ones and
 * indeterminate reads are dropped (no effect, no observation); indeterminate mutations are
 * optional, unless no operation looked at their value and no failed cas ends after their
 * invocation: until the next write only a failed cas ("value was not X") could tell they
 * happened, so they are dropped too.
 *
 * <p>A completed mutation that alone wrote a value some completed operation observed is marked
 * just-in-time: its observers must directly follow it, so the search may wait for them.
 *
 * @param required completed calls, in invocation order
 * @param optional calls that may be omitted, in invocation order
 */
record Calls(List<Call> required, List<Call> optional, Values values) {

  static Calls of(List<Operation> operations) {
    Values values = new Values();
    Map<Integer, Integer> writers = new HashMap<>();
    Set<Integer> observedValues = new HashSet<>();
    long lastFailedCasReturn = 0;
    for (Operation operation : operations) {
      Op op = operation.op();
      if (operation.outcome() == Outcome.OK && op.kind() == Op.Kind.READ) {
        observedValues.add(values.distinguish(operation.readValue()));
      } else if (op.kind() == Op.Kind.CAS && operation.outcome() != Outcome.FAIL) {
        int expected = values.distinguish(op.expected());
        if (operation.outcome() == Outcome.OK && operation.casSucceeded()) {
          observedValues.add(expected);
        } else if (operation.outcome() == Outcome.OK) {
          lastFailedCasReturn = Math.max(lastFailedCasReturn, operation.completeSeq());
        }
      }
    }
    for (Operation operation : operations) {
      if (operation.mayHaveWritten()) {
        writers.merge(values.id(operation.op().value()), 1, Integer::sum);
      }
    }

    List<Call> required = new ArrayList<>();
    List<Call> optional = new ArrayList<>();
    for (Operation operation : operations) {
      Op op = operation.op();
      int seen = op.kind() == Op.Kind.READ ? values.id(operation.readValue()) : values.id(op.expected());
      int written = values.id(op.value());
      boolean observedSoleWriter = operation.mayHaveWritten() && observedValues.contains(written)
          && written > Values.ABSENT && writers.getOrDefault(written, 0) == 1;
      if (operation.outcome() == Outcome.OK) {
        required.add(new Call(operation, true, required.size(), operation.completeSeq(), seen, written,
            observedSoleWriter));
      } else if (operation.outcome().indeterminate() && op.mutates()
          && (written != Values.UNREAD || lastFailedCasReturn > operation.invokeSeq())) {
        optional.add(new Call(operation, false, optional.size(), Long.MAX_VALUE, seen, written, true));
      }
    }
    return new Calls(required, optional, values);
  }
}
