package dynamo.core.version;

import java.util.concurrent.atomic.AtomicLong;

/** A ballot reservation in memory that outlives its node, as a disk does: for in-process clusters and tests. */
public final class InMemoryBallotReservation implements BallotReservation {
    private final AtomicLong reserved = new AtomicLong();
    private final AtomicLong saves = new AtomicLong();

    @Override
    public long reserved() {
        return reserved.get();
    }

    @Override
    public void reserve(long upTo) {
        reserved.set(upTo);
        saves.incrementAndGet();
    }

    /** How many reservations were saved: each one is a durable write on a real node. */
    public long saves() {
        return saves.get();
    }
}
