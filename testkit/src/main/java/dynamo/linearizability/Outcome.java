package dynamo.linearizability;

/** How an operation ended, as the client saw it. */
public enum Outcome {
  /** Invoked but never completed (the client died): treated like {@link #INFO}. */
  PENDING,
  /** Completed; its result is known. */
  OK,
  /** Definitely did not take effect. */
  FAIL,
  /** Unknown (timeout, 5xx): it may have taken effect at any time after its invocation, or never. */
  INFO;

  /** Whether the operation may or may not have happened, with no result known. */
  boolean indeterminate() {
    return this == PENDING || this == INFO;
  }
}
