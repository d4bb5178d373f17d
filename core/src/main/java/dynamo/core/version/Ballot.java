package dynamo.core.version;

import java.util.Comparator;

/**
 * A Paxos ballot: the total order of proposals for one key. The counter is a hybrid clock in
 * microseconds (at least the wall clock, and above every ballot the proposer has seen), the node id
 * breaks ties between proposers, and {@link BallotClock} never hands one node's ballot out twice.
 * Because the counter follows the wall clock, a ballot also tells roughly when it was made: tombstone
 * collection relies on that.
 */
public record Ballot(long counter, String nodeId) implements Comparable<Ballot> {
    public static final Ballot ZERO = new Ballot(0, "");

    private static final Comparator<Ballot> ORDER = Comparator.comparingLong(Ballot::counter)
            .thenComparing(Ballot::nodeId);

    /** When the ballot was made (its proposer's clock), in milliseconds. */
    public long timeMillis() {
        return counter / 1000;
    }

    public boolean isZero() {
        return counter == 0 && nodeId.isEmpty();
    }

    public static Ballot max(Ballot a, Ballot b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    @Override
    public int compareTo(Ballot o) {
        return ORDER.compare(this, o);
    }

    public boolean isAfter(Ballot o) {
        return compareTo(o) > 0;
    }

    public boolean isBefore(Ballot o) {
        return compareTo(o) < 0;
    }
}
