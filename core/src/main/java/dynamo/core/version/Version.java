package dynamo.core.version;

/** A stored version's identity: its causal history (clock) and its place in the total order (tag). */
public record Version(VectorClock clock, WriteTag tag) {
    public static final Version NONE = new Version(VectorClock.EMPTY, WriteTag.ZERO);
}
