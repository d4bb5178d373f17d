package dynamo.linearizability;

/**
 * One recorded operation: its invocation and (if any) its completion. Sequence numbers give the
 * real-time order of all events of a {@link History}; the nano times are for display only.
 *
 * @param result for an OK read the value read ({@code null}: absent), for an OK cas a {@link Boolean}
 * @param completeSeq 0 while {@link Outcome#PENDING}
 */
public record Operation(
    long id,
    int process,
    String key,
    Op op,
    Outcome outcome,
    Object result,
    long invokeSeq,
    long completeSeq,
    long invokeNanos,
    long completeNanos) {

  /** The value an OK read returned. */
  public String readValue() {
    return (String) result;
  }

  /** Whether an OK cas reported success. */
  public boolean casSucceeded() {
    return Boolean.TRUE.equals(result);
  }

  /** Whether this operation may have changed the register (a failed cas, say, did not). */
  boolean mayHaveWritten() {
    return switch (outcome) {
      case OK -> op.kind() == Op.Kind.WRITE || casSucceeded();
      case INFO, PENDING -> op.mutates();
      case FAIL -> false;
    };
  }

  /** Whether this operation certainly changed the register. */
  boolean wrote() {
    return outcome == Outcome.OK && mayHaveWritten();
  }

  /** The value this completed operation saw: what a read returned, what a successful cas expected. */
  boolean observed() {
    return outcome == Outcome.OK && (op.kind() == Op.Kind.READ || casSucceeded());
  }

  String observedValue() {
    return op.kind() == Op.Kind.READ ? readValue() : op.expected();
  }

  /** Whether this operation is known to have completed before {@code other} was invoked. */
  boolean precedes(Operation other) {
    return outcome != Outcome.PENDING && outcome != Outcome.INFO && completeSeq < other.invokeSeq;
  }

  @Override
  public String toString() {
    String end = switch (outcome) {
      case OK -> "ok" + resultText();
      case FAIL -> "fail";
      case INFO -> "info";
      case PENDING -> "pending";
    };
    String span = outcome == Outcome.PENDING || outcome == Outcome.INFO
        ? "events " + invokeSeq + "..(" + (completeSeq == 0 ? "never" : completeSeq) + ")"
        : "events " + invokeSeq + ".." + completeSeq;
    return "#" + id + " p" + process + " " + op + " -> " + end + " [" + span + "]";
  }

  private String resultText() {
    return switch (op.kind()) {
      case READ -> " " + Op.show(readValue());
      case CAS -> " " + casSucceeded();
      case WRITE -> "";
    };
  }
}
