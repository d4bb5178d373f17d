package dynamo.core.version;

import java.util.Comparator;

/**
 * The total order of writes to one key (ABD's tag). A writer takes the highest counter of a read
 * quorum plus one; the node id and the node-local sequence break ties so that no two writes share
 * a tag.
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

    @Override
    public int compareTo(WriteTag o) {
        return ORDER.compare(this, o);
    }

    public boolean isAfter(WriteTag o) {
        return compareTo(o) > 0;
    }
}
