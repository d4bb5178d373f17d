package dynamo.core.storage;

import dynamo.core.version.Ballot;
import dynamo.core.version.Versioned;
import java.util.List;

/**
 * Everything a replica stores for one key, in one record changed in one transaction: the acceptor
 * state of the per-key protocol (the highest ballot promised and the ballot of the accepted
 * versions) and the versions themselves (tombstones included; siblings only in siblings mode).
 */
public record KeyState(Ballot promised, Ballot accepted, List<Versioned> versions) {
    public static final KeyState EMPTY = new KeyState(Ballot.ZERO, Ballot.ZERO, List.of());

    public KeyState {
        versions = List.copyOf(versions);
    }

    /** Versions without protocol state: what siblings mode and the old record format store. */
    public static KeyState of(List<Versioned> versions) {
        return new KeyState(Ballot.ZERO, Ballot.ZERO, versions);
    }

    public KeyState withVersions(List<Versioned> next) {
        return new KeyState(promised, accepted, next);
    }

    /** Nothing worth keeping: the record can be removed. */
    public boolean isEmpty() {
        return versions.isEmpty() && promised.isZero() && accepted.isZero();
    }
}
