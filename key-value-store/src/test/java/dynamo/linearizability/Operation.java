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
