package dynamo.linearizability;

import java.util.Objects;

/**
 * An operation as the search sees it: a required call (completed OK, so it must be linearized
 * between its invocation and return) or an optional one (indeterminate: may be linearized any time
 * after its invocation, or never).
 */
final class Call {

  final Operation operation;
  final boolean required;
  /** Position among the required, or among the optional, calls of the key. */
  final int index;

  Call(Operation operation, boolean required, int index) {
    this.operation = operation;
    this.required = required;
    this.index = index;
  }

  long invokeSeq() {
    return operation.invokeSeq();
  }

  long returnSeq() {
    return required ? operation.completeSeq() : Long.MAX_VALUE;
  }

  /** Whether this call only looks at the register: a read, or a cas that reported failure. */
  boolean observes() {
    return operation.op().kind() == Op.Kind.READ || (operation.op().kind() == Op.Kind.CAS && !appliesCas());
  }

  /**
   * The value this call needs the register to hold, for calls that need one exact value: reads,
   * successful cas and optional cas (a failed cas needs "anything but", so it has none).
   */
  boolean needsExactValue() {
    return operation.op().kind() == Op.Kind.READ || (operation.op().kind() == Op.Kind.CAS && appliesCas());
  }

  String neededValue() {
    return operation.op().kind() == Op.Kind.READ ? operation.readValue() : operation.op().expected();
  }

  /** Whether this call can take effect on a register holding {@code state}. */
  boolean allows(String state) {
    Op op = operation.op();
    return switch (op.kind()) {
      case READ -> Objects.equals(state, operation.readValue());
      case WRITE -> true;
      // An optional cas that would not apply is the same as omitting it, so only applying counts.
      case CAS -> appliesCas() == Objects.equals(state, op.expected());
    };
  }

  /** The register after this call, given that it {@link #allows} {@code state}. */
  String apply(String state) {
    Op op = operation.op();
    return switch (op.kind()) {
      case READ -> state;
      case WRITE -> op.value();
      case CAS -> appliesCas() ? op.value() : state;
    };
  }

  private boolean appliesCas() {
    return !required || operation.casSucceeded();
  }

  @Override
  public String toString() {
    return operation.toString();
  }
}
