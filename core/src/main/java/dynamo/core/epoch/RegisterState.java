package dynamo.core.epoch;

import dynamo.core.version.Ballot;

/** One node's acceptor state for the ring register: its promise, and the config it accepted (null: none). */
public record RegisterState(Ballot promised, Ballot accepted, RingConfig value) {
    public static final RegisterState EMPTY = new RegisterState(Ballot.ZERO, Ballot.ZERO, null);
}
