package dynamo.linearizability;

/**
 * An operation as the search sees it, with register values interned to ints ({@link Values}).
 * A required call (completed OK) must be linearized before its deadline, its return; an optional
 * one (an indeterminate mutation) any time after its invocation, or never.
 */
final class Call {

  final Operation operation;
  final boolean required;
  /** Position among the required, or among the optional, calls of the key. */
  final int index;
  final long deadline;
  /** The value a read returned or a cas expects; unused for writes. */
  final int seen;
  /** The value a write or cas stores; unused for reads. */
  final int written;
  /**
   * Whether it suffices to linearize this call when its value enables a candidate (or when it is
   * due): true for optional calls, and for the only writer of a value a completed operation
   * observed, since those observers must directly follow it.
   */
  final boolean justInTime;
  private final boolean applies;

  Call(Operation operation, boolean required, int index, long deadline, int seen, int written,
      boolean justInTime) {
    this.operation = operation;
    this.required = required;
    this.index = index;
    this.deadline = deadline;
    this.seen = seen;
    this.written = written;
    this.justInTime = justInTime || !required;
    // A cas whose result is unknown is linearized only when it applies: not applying is the
    // same as leaving it out.
    this.applies = operation.outcome().indeterminate() || operation.casSucceeded();
  }

  long invokeSeq() {
    return operation.invokeSeq();
  }

  Op.Kind kind() {
    return operation.op().kind();
  }

  /** Whether this call only looks at the register: a read, or a cas that reported failure. */
  boolean observes() {
    return kind() == Op.Kind.READ || (kind() == Op.Kind.CAS && !applies);
  }

  /** Whether this call needs the register to hold exactly {@link #seen}. */
  boolean needsExactValue() {
    return kind() == Op.Kind.READ || (kind() == Op.Kind.CAS && applies);
  }

  /** Whether this call can take effect on a register holding {@code value}. */
  boolean allows(int value) {
    return switch (kind()) {
      case READ -> value == seen;
      case WRITE -> true;
      case CAS -> applies == (value == seen);
    };
  }

  /** The register after this call, given that it {@link #allows} {@code value}. */
  int apply(int value) {
    return switch (kind()) {
      case READ -> value;
      case WRITE -> written;
      case CAS -> applies ? written : value;
    };
  }

  @Override
  public String toString() {
    return operation.toString();
  }
}
