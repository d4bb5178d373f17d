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
 * were made (tombstone collection relies on it). It can run ahead of this node's clock, when a peer's
 * ballot was ahead, and a clock can step back: so the clock reserves its counters ahead, durably
 * ({@link BallotReservation}), and a restarted node starts above the reservation, never from the clock alone.
 */
public final class BallotClock {
    /** How far ahead a reservation reaches: one durable write every 10 s of ballots, at most 10 s of jump on restart. */
    static final long RESERVE_AHEAD = 10_000_000;

    private final String nodeId;
    private final BallotReservation reservation;
    private final AtomicLong last;
    private volatile long reserved;

    /** A clock that keeps no reservation: after a restart it starts from the wall clock (unit tests). */
    public BallotClock(String nodeId) {
        this(nodeId, BallotReservation.NONE);
    }

    public BallotClock(String nodeId, BallotReservation reservation) {
        this.nodeId = nodeId;
        this.reservation = reservation;
        this.reserved = reservation.reserved();
        // every counter up to the reservation may have been handed out before a restart
        this.last = new AtomicLong(reserved);
    }

    /** A ballot of this node above {@code floor} and above every ballot handed out before, no older than now. */
    public Ballot above(Ballot floor, long nowMillis) {
        long counter = last.updateAndGet(previous -> Math.max(previous + 1, Math.max(floor.counter() + 1, nowMillis * 1000)));
        if (counter > reserved) {
            reserveBeyond(counter);
        }
        return new Ballot(counter, nodeId);
    }

    /** Saved before the ballot leaves this class: a crash right after must not let a restart reuse it. */
    private synchronized void reserveBeyond(long counter) {
        if (counter > reserved) {
            long upTo = counter + RESERVE_AHEAD;
            reservation.reserve(upTo);
            reserved = upTo;
        }
    }
}
