package dynamo.core.epoch;

import dynamo.core.version.Ballot;

/**
 * The acceptor rules of the ring register, a single CASPaxos register held by every member of the
 * current config (the same rules as the per-key {@code paxos.Acceptor}, on a config instead of
 * versions). Pure: {@link RingService} applies them to the durable state one message at a time.
 *
 * <p>The register's value changes only by compare-and-set from epoch e to e + 1
 * ({@link #change}): a second change proposed from e after the first was chosen finds e + 1 and is
 * refused, so there is one change at a time.
 */
public final class ConfigRegister {
    private ConfigRegister() {
    }

    public static RegisterState prepare(RegisterState state, Ballot ballot) {
        if (ballot.isAfter(state.promised()) && ballot.isAfter(state.accepted())) {
            return new RegisterState(ballot, state.accepted(), state.value());
        }
        return state;
    }

    public static boolean promised(RegisterState after, Ballot ballot) {
        return after.promised().equals(ballot);
    }

    public static RegisterState accept(RegisterState state, Ballot ballot, RingConfig value) {
        if (ballot.isBefore(state.promised()) || ballot.isBefore(state.accepted())) {
            return state;
        }
        return new RegisterState(ballot, ballot, value);
    }

    public static boolean accepted(RegisterState after, Ballot ballot) {
        return after.accepted().equals(ballot);
    }

    /**
     * The register's current value from a majority's promises: the value of the highest accepted
     * ballot, unless this node's own config is newer. That happens when the acceptors of the config
     * this node knows as chosen have not accepted it themselves (they learned it by broadcast or fetch);
     * a config is installed only after it was chosen, so it is a value the register has held.
     */
    public static RingConfig current(RingConfig highestAccepted, RingConfig known) {
        return highestAccepted == null || known.isNewerThan(highestAccepted) ? known : highestAccepted;
    }

    /** The change function: {@code next} if the register is at the epoch just before it, else the value unchanged. */
    public static RingConfig change(RingConfig current, RingConfig next) {
        return current.isSucceededBy(next) ? next : current;
    }
}
