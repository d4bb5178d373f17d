package dynamo.core.operation;

/**
 * Every deadline of a node, derived from its {@link Timeouts} in one place. A request has one
 * budget, fixed where it arrived; a forwarded request gives its coordinator that budget less a
 * margin for the answer's trip back, so the coordinator always answers (503 included) before the
 * forwarder's own deadline, never after it.
 */
public record Deadlines(Timeouts timeouts) {

    /** A client request's whole budget, from its arrival. */
    public long requestMillis() {
        return timeouts.requestMillis();
    }

    /** A replica silent this long in an operation is suspected. */
    public long replicaMillis() {
        return timeouts.replicaMillis();
    }

    /**
     * A replica that seems up but has not answered a read, prepare or accept this long is sent it
     * again (the same message: answering twice is harmless). The suspicion period: a replica that is
     * slow but alive (a loaded host's p99.9 is a few hundred ms) mostly answers before it, so resends
     * add no load there, and a message lost on a link that broke (a reconnect after a pause drops
     * what was in flight) still leaves most of the request's budget for the second try.
     */
    public long resendMillis() {
        return timeouts.suspectAfterMillis();
    }

    /**
     * How long a replica must have seemed down before a request that needs it fails fast: a whole
     * suspicion period more, so that a peer silent for a moment (a backlog, a short stall of either
     * side) is waited for; a crashed one (its connections refused) is down from the refusal on.
     */
    public long failFastAfterMillis() {
        return timeouts.suspectAfterMillis();
    }

    /** When the coordinator of a request the forwarder must answer by {@code deadlineAt} must answer itself. */
    public long forwardedDeadline(long deadlineAt) {
        return deadlineAt - timeouts.replicaMillis();
    }

    /** Whether forwarding still pays with {@code remainingMillis} left; otherwise run the request here. */
    public boolean worthForwarding(long remainingMillis) {
        return remainingMillis > 2 * timeouts.replicaMillis();
    }

    /**
     * When a forwarder of a linearizable put stops waiting for a coordinator that is up but silent and
     * tries the next one: a quarter of the budget, far above a healthy coordinator's answer (a few ms,
     * p99 within the replica deadline) and early enough for the next one to finish in time.
     */
    public long hedgeMillis() {
        return timeouts.requestMillis() / 4;
    }

    /** How often a forwarder checks that its coordinator still seems up (then it fails over at once). */
    public long failoverCheckMillis() {
        return timeouts.heartbeatMillis();
    }

    /**
     * The longest pause before a new prepare after a round lost to a competing proposer: the lost
     * round's own duration, doubled with each attempt (at most a quarter of the budget). Two
     * proposers of one key then drift apart by how long their rounds take, so a slow one (the reason
     * a put was hedged) yields to a fast one instead of outbidding it again and again.
     */
    public long retryBackoffMillis(int attempt, long lostRoundMillis) {
        long base = Math.max(2, lostRoundMillis);
        return Math.min(timeouts.requestMillis() / 4, base << Math.min(Math.max(attempt, 1), 4));
    }

    /**
     * How long a round whose ballot lay beyond the saved reservation waits before it asks again: the
     * refusal started the reservation's save, a disk write of a few ms. A disk stuck for longer only
     * costs more asks; the request's deadline ends them (503). No thread waits meanwhile.
     */
    public long ballotRetryMillis() {
        return 10;
    }

    /** How long a request refused for a stale ring waits for the fetch of the newer one: a round trip, amply. */
    public long staleRingWaitMillis() {
        return 8 * timeouts.replicaMillis();
    }

    /** A proposal of the ring register (a move's start or end) waits this long: it may need a prepare. */
    public long ringChangeMillis() {
        return 2 * timeouts.requestMillis();
    }

    /**
     * The HTTP layer's last resort for a request the core did not answer: its budget and a second
     * more. The core always answers first (503 included); this only guards against a bug.
     */
    public long httpAnswerMillis() {
        return timeouts.requestMillis() + 1000;
    }

    /** Background work (hint handoff, scan pages) waits this long for a peer. */
    public long backgroundMillis() {
        return timeouts.requestMillis();
    }

    /** Peers answer anti-entropy from one queue and scan their storage to do so: far longer than a read. */
    public long antiEntropyExchangeMillis() {
        return Math.max(10_000, 5 * timeouts.requestMillis());
    }

    /** How often peers are probed. */
    public long heartbeatMillis() {
        return timeouts.heartbeatMillis();
    }
}
