package dynamo.core.paxos;

import dynamo.core.storage.KeyState;
import dynamo.core.version.Ballot;
import dynamo.core.version.Versioned;
import java.util.List;

/**
 * The acceptor rules, as pure functions from a key's stored state to its next state. Invariant:
 * {@code promised >= accepted}. A replica runs each rule inside the storage transaction of the key,
 * so the decision and the durable change are one atomic step.
 *
 * <p>{@code floorMillis} guards collected tombstones: a key that is not stored may have been a
 * tombstone collected after the grace period, so nothing older than {@code now - grace} may
 * (re)create it; otherwise a delayed message could bring a deleted value back.
 */
public final class Acceptor {
    private Acceptor() {
    }

    /** Phase 1: promise {@code ballot} if it is above every ballot promised or accepted so far. */
    public static KeyState prepare(KeyState state, Ballot ballot) {
        if (ballot.isAfter(state.promised()) && ballot.isAfter(state.accepted())) {
            return new KeyState(ballot, state.accepted(), state.versions());
        }
        return state;
    }

    /** Whether {@link #prepare} promised: the state after it holds exactly that promise. */
    public static boolean promised(KeyState after, Ballot ballot) {
        return after.promised().equals(ballot);
    }

    /**
     * Phase 2: accept {@code versions} with {@code ballot} unless a higher ballot was promised; on
     * success also promise {@code next} (the proposer's next ballot, ZERO for none).
     */
    public static KeyState accept(KeyState state, Ballot ballot, List<Versioned> versions, Ballot next,
            long floorMillis) {
        if (ballot.isBefore(state.promised()) || ballot.isBefore(state.accepted()) || fenced(state, ballot, floorMillis)) {
            return state;
        }
        return new KeyState(Ballot.max(ballot, next), ballot, versions);
    }

    /** Whether {@link #accept} accepted: the state after it holds that ballot's versions. */
    public static boolean accepted(KeyState after, Ballot ballot) {
        return after.accepted().equals(ballot);
    }

    /**
     * A late copy of what some acceptor accepted with {@code ballot} (a hint, read repair, anti-entropy):
     * it is a delayed phase 2 message, so it obeys the accept rule, and it only ever moves a replica
     * forward (a copy of an older ballot is ignored). It never promises anything new.
     */
    public static KeyState lateCopy(KeyState state, Ballot ballot, List<Versioned> versions, long floorMillis) {
        if (versions.isEmpty() || ballot.isZero() || !ballot.isAfter(state.accepted())
                || ballot.isBefore(state.promised()) || fenced(state, ballot, floorMillis)) {
            return state;
        }
        return new KeyState(Ballot.max(state.promised(), ballot), ballot, versions);
    }

    /**
     * A copy streamed to a replica that gains the key's range in a membership change, from a majority
     * of the range's replicas: it is what those acceptors hold, so it moves the replica forward by the
     * accepted ballot alone. Unlike {@link #lateCopy} it is not stopped by a promise (the new replica
     * may already have promised a ballot of a round whose accept it missed: that round's value is held
     * by a majority and outranks this copy wherever it counts, while refusing the copy could leave the
     * new replicas without the key's only chosen value) nor by the tombstone floor (the copy comes from
     * the replicas that decide whether the key exists).
     */
    public static KeyState streamedCopy(KeyState state, Ballot ballot, List<Versioned> versions) {
        if (versions.isEmpty() || !ballot.isAfter(state.accepted())) {
            return state;
        }
        return new KeyState(Ballot.max(state.promised(), ballot), ballot, versions);
    }

    private static boolean fenced(KeyState state, Ballot ballot, long floorMillis) {
        return state.isEmpty() && ballot.timeMillis() < floorMillis;
    }
}
