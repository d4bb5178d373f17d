package dynamo.linearizability;

/** The outcome of checking a key (or a whole history: the worst of its keys). */
public enum Verdict {
  LINEARIZABLE,
  /** The search hit its time or state budget: neither proved nor refuted. */
  UNKNOWN,
  NOT_LINEARIZABLE
}
