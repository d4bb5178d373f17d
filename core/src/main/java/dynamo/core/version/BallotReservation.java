package dynamo.core.version;

/**
 * Where a node keeps, durably, how far its ballots may have gone: {@link BallotClock} hands out no
 * ballot above the saved reservation, and a restarted node starts above it. So no ballot is used
 * twice across a restart, even by a node that ran ahead of its clock (it followed a peer's faster
 * clock) or whose clock stepped back while it was down.
 */
public interface BallotReservation {
    /** The highest counter reserved so far, 0 if none. */
    long reserved();

    /** Durable, with the storage's durability, when it returns; may block on the disk. */
    void reserve(long upTo);
}
