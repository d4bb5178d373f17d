package dynamo.core.operation;

/** Where a coordinated request stands. */
public enum Phase {
    /** Collecting replicas' versions. */
    READING,
    /** Waiting for write acknowledgements (a put's write, or a get's write-back). */
    WRITING,
    /** Answered; late replies may still trigger read repair. */
    DONE
}
