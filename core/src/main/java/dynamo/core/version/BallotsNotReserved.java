package dynamo.core.version;

/**
 * A ballot {@link BallotClock} may not hand out yet: it lies beyond the reservation saved so far,
 * whose extension is being written. The caller tries again a little later instead of waiting on the
 * disk (see {@code ProposeOperation}); no stack trace, it is an expected outcome.
 */
public final class BallotsNotReserved extends RuntimeException {
    BallotsNotReserved(long counter, long reserved) {
        super("ballot " + counter + " is beyond the reservation saved so far (" + reserved + "); its extension is"
                + " being written", null, false, false);
    }
}
