package dynamo.linearizability;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The calls of one key worth searching over: failed operations and indeterminate reads are
 * dropped (no effect, no observation), and so are indeterminate writes whose value nobody could
 * have observed, because omitting them never makes a linearization invalid.
 *
 * @param required completed calls, in invocation order
 * @param optional indeterminate mutations, in invocation order
 */
record Calls(List<Call> required, List<Call> optional) {

  static Calls of(List<Operation> operations) {
    Observations observations = Observations.of(operations);
    List<Call> required = new ArrayList<>();
    List<Call> optional = new ArrayList<>();
    for (Operation operation : operations) {
      if (operation.outcome() == Outcome.OK) {
        required.add(new Call(operation, true, required.size()));
      } else if (operation.outcome().indeterminate() && observations.mayMatter(operation)) {
        optional.add(new Call(operation, false, optional.size()));
      }
    }
    return new Calls(required, optional);
  }

  /**
   * What the completed operations observed. An indeterminate mutation that set a value no one
   * read only changed the register until the next mutation; in that window only a failed cas
   * (value was not X) could tell the difference, so it may matter only if such a cas ends later.
   */
  private record Observations(Set<String> values, long lastFailedCasReturn) {

    static Observations of(List<Operation> operations) {
      Set<String> values = new HashSet<>();
      long lastFailedCas = 0;
      for (Operation operation : operations) {
        Op op = operation.op();
        if (operation.outcome() == Outcome.OK && op.kind() == Op.Kind.READ) {
          values.add(operation.readValue());
        } else if (op.kind() == Op.Kind.CAS && operation.outcome() == Outcome.OK
            && !operation.casSucceeded()) {
          lastFailedCas = Math.max(lastFailedCas, operation.completeSeq());
        } else if (op.kind() == Op.Kind.CAS && operation.outcome() != Outcome.FAIL) {
          values.add(op.expected());
        }
      }
      return new Observations(values, lastFailedCas);
    }

    boolean mayMatter(Operation mutation) {
      return mutation.op().mutates()
          && (values.contains(mutation.op().value())
              || lastFailedCasReturn > mutation.invokeSeq());
    }
  }
}
