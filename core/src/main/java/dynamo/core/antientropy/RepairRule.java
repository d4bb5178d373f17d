package dynamo.core.antientropy;

import dynamo.core.storage.KeyState;
import dynamo.core.storage.StoredEntry;
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

    /**
     * Linearizable mode: whether our replica should take the peer's copy. Only a higher accepted
     * ballot moves a replica forward (the acceptor rules then decide whether it may), and a
     * collectable tombstone never recreates a key we lack.
     */
    boolean pullCopy(KeyState ours, StoredEntry theirs, long nowMillis) {
        return theirs != null && !theirs.versions().isEmpty() && theirs.accepted().isAfter(ours.accepted())
                && !(ours.versions().isEmpty() && tombstones.collectable(theirs, nowMillis));
    }

    /** Linearizable mode: whether the peer should get our copy ({@code theirs} null: it lacks the key). */
    boolean pushCopy(byte[] key, KeyState ours, StoredEntry theirs, long nowMillis) {
        if (ours.versions().isEmpty()) {
            return false;
        }
        return theirs == null ? !tombstones.collectable(new StoredEntry(key, ours.versions(), ours.accepted()), nowMillis)
                : ours.accepted().isAfter(theirs.accepted());
    }

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
