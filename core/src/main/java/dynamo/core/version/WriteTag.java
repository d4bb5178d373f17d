package dynamo.core.version;

import java.util.Comparator;

/**
 * The identity and order of writes to one key. A writer takes a counter above the tag it replaces
 * (in linearizable mode also at least the wall clock in microseconds, so a tag tells its age); the
 * node id and sequence are the writing operation's {@code OperationId}, so no two writes share a tag
 * and a retried write can be recognised.
 */
public record WriteTag(long counter, String nodeId, long sequence) implements Comparable<WriteTag> {
    public static final WriteTag ZERO = new WriteTag(0, "", 0);

    private static final Comparator<WriteTag> ORDER = Comparator.comparingLong(WriteTag::counter)
            .thenComparing(WriteTag::nodeId)
            .thenComparingLong(WriteTag::sequence);

    /** The tag for a write that must follow every tag up to {@code highestSeen}. */
    public static WriteTag after(WriteTag highestSeen, String nodeId, long sequence) {
        return new WriteTag(highestSeen.counter + 1, nodeId, sequence);
    }

    /** Whether this tag was written by the operation ({@code nodeId}, {@code sequence}). */
    public boolean isBy(String opNode, long opSequence) {
        return sequence == opSequence && nodeId.equals(opNode);
    }

    @Override
    public int compareTo(WriteTag o) {
        return ORDER.compare(this, o);
    }

    public boolean isAfter(WriteTag o) {
        return compareTo(o) > 0;
    }
}
