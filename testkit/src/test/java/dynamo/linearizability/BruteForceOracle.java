package dynamo.linearizability;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Decides linearizability of a tiny single-key history by trying every order of its operations,
 * with none of the checker's reductions: the reference the checker is tested against.
 */
final class BruteForceOracle {

  private final List<Operation> required = new ArrayList<>();
  private final List<Operation> optional = new ArrayList<>();

  private BruteForceOracle(List<Operation> operations) {
    for (Operation op : operations) {
      if (op.outcome() == Outcome.OK) {
        required.add(op);
      } else if (op.outcome().indeterminate() && op.op().mutates()) {
        optional.add(op);
      }
    }
  }

  static boolean isLinearizable(List<Operation> operations) {
    BruteForceOracle oracle = new BruteForceOracle(operations);
    return oracle.extend(new boolean[oracle.required.size()], new boolean[oracle.optional.size()], null);
  }

  /** The prefix ending at {@code end}, as defined for the shortest failing prefix. */
  static List<Operation> prefix(List<Operation> operations, long end) {
    List<Operation> prefix = new ArrayList<>();
    for (Operation op : operations) {
      if (op.invokeSeq() <= end) {
        boolean pending = op.outcome() != Outcome.FAIL && (op.completeSeq() == 0 || op.completeSeq() > end);
        prefix.add(pending ? new Operation(op.id(), op.process(), op.key(), op.op(), Outcome.PENDING, null,
            op.invokeSeq(), 0, 0, 0) : op);
      }
    }
    return prefix;
  }

  private boolean extend(boolean[] requiredDone, boolean[] optionalDone, String value) {
    if (allTrue(requiredDone)) {
      return true;
    }
    for (int i = 0; i < required.size(); i++) {
      if (!requiredDone[i] && mayGoNext(required.get(i), requiredDone)) {
        Operation op = required.get(i);
        if (allows(op, value)) {
          requiredDone[i] = true;
          boolean found = extend(requiredDone, optionalDone, after(op, value));
          requiredDone[i] = false;
          if (found) {
            return true;
          }
        }
      }
    }
    for (int i = 0; i < optional.size(); i++) {
      Operation op = optional.get(i);
      if (!optionalDone[i] && mayGoNext(op, requiredDone) && allows(op, value)) {
        optionalDone[i] = true;
        boolean found = extend(requiredDone, optionalDone, after(op, value));
        optionalDone[i] = false;
        if (found) {
          return true;
        }
      }
    }
    return false;
  }

  /** No remaining required operation returned before {@code op} was invoked. */
  private boolean mayGoNext(Operation op, boolean[] requiredDone) {
    for (int j = 0; j < required.size(); j++) {
      if (!requiredDone[j] && required.get(j) != op && required.get(j).completeSeq() < op.invokeSeq()) {
        return false;
      }
    }
    return true;
  }

  private static boolean allows(Operation op, String value) {
    return switch (op.op().kind()) {
      case READ -> Objects.equals(value, op.readValue());
      case WRITE -> true;
      case CAS -> op.outcome() == Outcome.OK && !op.casSucceeded()
          ? !Objects.equals(value, op.op().expected())
          : Objects.equals(value, op.op().expected());
    };
  }

  private static String after(Operation op, String value) {
    boolean writes = op.op().kind() == Op.Kind.WRITE
        || (op.op().kind() == Op.Kind.CAS && !(op.outcome() == Outcome.OK && !op.casSucceeded()));
    return writes ? op.op().value() : value;
  }

  private static boolean allTrue(boolean[] flags) {
    for (boolean flag : flags) {
      if (!flag) {
        return false;
      }
    }
    return true;
  }
}
