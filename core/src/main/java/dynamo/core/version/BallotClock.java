package dynamo.core.version;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

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
 * ballot was ahead, and a clock can step back: so a restarted node must not start from its clock
 * alone. No ballot leaves this class above a durable {@link BallotReservation}, and a restarted node
 * starts above the stored one ({@link #open}, at start-up, which may wait on the disk).
 *
 * <p>While serving, nothing here waits on the disk: callers are handler threads, one of which must
 * stay free for replies while the disk stalls (a synchronous save here broke that under a frozen
 * disk). The reservation reaches {@link #WINDOW} ahead; once the counter, or the wall clock
 * ({@link #keepAhead}), passes its middle, the next one is saved on {@code writer}, one save at a
 * time. A ballot beyond the saved reservation (that save stuck for half a window, or a peer's floor
 * further ahead than the window's rest) is refused with {@link BallotsNotReserved}; the caller tries
 * again once the save, asked for by the refusal, is done.
 */
public final class BallotClock {
    /**
     * How far a reservation reaches beyond the counter that asked for it: 30 s of microseconds. A save
     * every 15 s of ballots; a save may take 15 s (a stalled disk) before a ballot is refused; a
     * restart after kill -9 starts at most this far ahead of the last ballot handed out.
     */
    public static final long WINDOW = 30_000_000;
    /** How often a timer calls {@link #keepAhead}: a cheap check, much shorter than half a window. */
    public static final long KEEP_AHEAD_EVERY_MILLIS = 1_000;

    private final String nodeId;
    /** Null for a clock that keeps no reservation. */
    private final BallotReservation reservation;
    private final Executor writer;
    private final AtomicLong last;
    /** Saved: every counter up to here may be handed out. Only grows, and only after its save returned. */
    private volatile long reserved;
    /** The highest reservation asked for; the writer saves it. */
    private final AtomicLong wanted;
    /** Whether a save is queued or running on the writer: at most one at a time. */
    private final AtomicBoolean saving = new AtomicBoolean();
    private final LongAdder refusals = new LongAdder();

    /** A clock that keeps no reservation: it never refuses, and a restart starts from the wall clock (tests). */
    public BallotClock(String nodeId) {
        this(nodeId, null, null, 0, Long.MAX_VALUE);
    }

    private BallotClock(String nodeId, BallotReservation reservation, Executor writer, long start, long reserved) {
        this.nodeId = nodeId;
        this.reservation = reservation;
        this.writer = writer;
        this.last = new AtomicLong(start);
        this.reserved = reserved;
        this.wanted = new AtomicLong(reserved);
    }

    /**
     * At start-up, before the node serves: reads the stored reservation and saves a first one on the
     * caller's thread. Every counter up to the stored one may have been handed out before, so the
     * clock starts above it (and above now).
     *
     * @param writer runs the later saves, never on a caller of {@link #above}; a single thread suffices
     */
    public static BallotClock open(String nodeId, BallotReservation reservation, Executor writer, long nowMillis) {
        long start = Math.max(reservation.reserved(), nowMillis * 1000);
        long upTo = start + WINDOW;
        reservation.reserve(upTo);
        return new BallotClock(nodeId, reservation, writer, start, upTo);
    }

    /**
     * A ballot of this node above {@code floor} and above every ballot handed out before, no older than now.
     *
     * @throws BallotsNotReserved if it would lie beyond the saved reservation (its extension is asked for)
     */
    public Ballot above(Ballot floor, long nowMillis) {
        while (true) {
            long previous = last.get();
            long next = Math.max(previous + 1, Math.max(floor.counter() + 1, nowMillis * 1000));
            long saved = reserved;
            if (next > saved) {
                extend(next + WINDOW); // a synchronous writer (in memory) has saved it on return
                if (next > reserved) {
                    refusals.increment();
                    throw new BallotsNotReserved(next, reserved);
                }
                continue;
            }
            if (last.compareAndSet(previous, next)) {
                if (next > saved - WINDOW / 2) {
                    extend(next + WINDOW);
                }
                return new Ballot(next, nodeId);
            }
        }
    }

    /** Called by a timer: keeps the reservation ahead of the wall clock, so an idle node's next ballot is reserved. */
    public void keepAhead(long nowMillis) {
        long now = nowMillis * 1000;
        if (now > reserved - WINDOW / 2) {
            extend(Math.max(now, last.get()) + WINDOW);
        }
    }

    /** Ballots refused so far because they lay beyond the saved reservation (each one a caller that tried again). */
    public long refusals() {
        return refusals.sum();
    }

    /** Asks for a reservation up to {@code upTo}; starts a save on the writer unless one is in flight. */
    private void extend(long upTo) {
        if (reservation == null) {
            return;
        }
        wanted.accumulateAndGet(upTo, Math::max);
        if (saving.compareAndSet(false, true)) {
            try {
                writer.execute(this::save);
            } catch (RejectedExecutionException e) {
                saving.set(false); // shutting down: the ballot is refused, as when the save is slow
            }
        }
    }

    /** On the writer, one at a time: saves the highest reservation wanted, then lets ballots up to it out. */
    private void save() {
        try {
            long upTo;
            while ((upTo = wanted.get()) > reserved) {
                reservation.reserve(upTo);
                reserved = upTo;
            }
        } finally {
            saving.set(false); // a failed save is tried again by the next ballot or timer that asks
        }
        // more may have been asked for after the loop's last look, while this save still counted as in flight
        if (wanted.get() > reserved) {
            extend(wanted.get());
        }
    }
}
