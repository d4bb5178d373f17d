package dynamo.core.antientropy;

import dynamo.core.version.VersionResolver;
import dynamo.core.version.Versioned;
import java.util.List;

/**
 * Which way one key's versions must flow between two replicas, by normal version resolution: a side
 * needs the other's versions when merging them would change what it holds. A collectable tombstone is
 * never copied to a replica that lacks the key (that would undo its collection), but it still travels
 * to a replica holding an older live value, which it deletes.
 */
record RepairRule(VersionResolver resolver, Tombstones tombstones) {

    /** Whether our replica must merge {@code theirs}. */
    boolean pull(List<Versioned> ours, List<Versioned> theirs, long nowMillis) {
        return needs(ours, theirs, nowMillis);
    }

    /** Whether the peer must be sent {@code ours}. */
    boolean push(List<Versioned> ours, List<Versioned> theirs, long nowMillis) {
        return needs(theirs, ours, nowMillis);
    }

    private boolean needs(List<Versioned> holder, List<Versioned> incoming, long nowMillis) {
        if (incoming.isEmpty() || (holder.isEmpty() && tombstones.collectable(incoming, nowMillis))) {
            return false;
        }
        return !VersionResolver.sameVersions(resolver.reconcile(holder, incoming), holder);
    }
}
