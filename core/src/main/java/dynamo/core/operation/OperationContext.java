package dynamo.core.operation;

import dynamo.core.liveness.FailureDetector;
import dynamo.core.message.Message;
import dynamo.core.transport.Transport;
import dynamo.core.version.Ballot;
import dynamo.core.version.BallotClock;
import dynamo.core.version.VersionResolver;
import java.util.concurrent.atomic.AtomicLong;

/** What every coordinated operation of one node shares: identity, messaging, time and settings. */
public record OperationContext(String self, Transport transport, Scheduler scheduler, FailureDetector detector,
        VersionResolver resolver, Quorum defaults, Timeouts timeouts, AtomicLong writeSequence, BallotClock ballots,
        NodeEvents events) {

    public OperationContext(String self, Transport transport, Scheduler scheduler, FailureDetector detector,
            VersionResolver resolver, Quorum defaults, Timeouts timeouts, AtomicLong writeSequence, NodeEvents events) {
        this(self, transport, scheduler, detector, resolver, defaults, timeouts, writeSequence, new BallotClock(self),
                events);
    }

    /** A context that reports no events (tests). */
    public OperationContext(String self, Transport transport, Scheduler scheduler, FailureDetector detector,
            VersionResolver resolver, Quorum defaults, Timeouts timeouts, AtomicLong writeSequence) {
        this(self, transport, scheduler, detector, resolver, defaults, timeouts, writeSequence, NodeEvents.NONE);
    }

    /** Every deadline, derived from the timeouts. */
    public Deadlines deadlines() {
        return new Deadlines(timeouts);
    }

    public void send(String to, Message message) {
        transport.send(to, message);
    }

    /**
     * A ballot of this node above {@code floor}, never handed out before ({@link BallotClock}).
     *
     * @throws dynamo.core.version.BallotsNotReserved if it lies beyond the saved reservation: ask again shortly
     */
    public Ballot nextBallot(Ballot floor) {
        return ballots.above(floor, scheduler.nowMillis());
    }

    /** A node-local number that only grows, also across restarts (seeded from the wall clock). */
    public long nextWriteSequence() {
        return writeSequence.incrementAndGet();
    }
}
