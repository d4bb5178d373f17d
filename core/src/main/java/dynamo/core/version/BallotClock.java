package dynamo.core.version;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands out one node's ballots. Paxos is safe only if no ballot is ever used for two proposals, and
 * an acceptor cannot tell a second proposal with its promised ballot from the first one's prepare
 * sent again: both are promised, both accepted, the later value overwrites the chosen one. Two
 * operations of one node on one key that start in the same millisecond (a burst of queued requests
 * after a partition heals) would pick the same wall-clock ballot, so every ballot of a node, a
 * prepare's or a piggybacked next promise, comes from here: above every one handed out before.
 *
 * <p>The counter follows the wall clock in microseconds, so ballots keep telling roughly when they
 * were made (tombstone collection relies on it), and a restarted node, starting from the clock, is
 * above what it handed out before it stopped unless it ran ahead of its clock by more than the restart took.
 */
public final class BallotClock {
    private final String nodeId;
    private final AtomicLong last = new AtomicLong();

    public BallotClock(String nodeId) {
        this.nodeId = nodeId;
    }

    /** A ballot of this node above {@code floor} and above every ballot handed out before, no older than now. */
    public Ballot above(Ballot floor, long nowMillis) {
        long counter = last.updateAndGet(previous -> Math.max(previous + 1, Math.max(floor.counter() + 1, nowMillis * 1000)));
        return new Ballot(counter, nodeId);
    }
}
