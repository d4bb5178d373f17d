package dynamo.core.antientropy;

import dynamo.core.storage.StoredEntry;
import dynamo.core.version.ClockEntry;
import dynamo.core.version.Versioned;
import java.util.List;

/**
 * When a deleted key may be forgotten: all its stored versions are tombstones and the newest
 * timestamp in their clocks is more than {@code graceMillis} old. Every replica applies the same
 * grace, so they all drop the key within about one anti-entropy period of each other.
 */
record Tombstones(long graceMillis) {

    /**
     * Also asks that the ballot the tombstone was accepted with be older than the grace: replicas
     * refuse to recreate an absent key from anything that old (see {@code Acceptor}), so once
     * collected, no delayed copy of the key's past can bring it back.
     */
    boolean collectable(StoredEntry entry, long nowMillis) {
        return collectable(entry.versions(), nowMillis) && nowMillis - entry.accepted().timeMillis() > graceMillis;
    }

    /** The oldest ballot time that may still create an absent key. */
    long floor(long nowMillis) {
        return nowMillis - graceMillis;
    }

    boolean collectable(List<Versioned> versions, long nowMillis) {
        if (versions.isEmpty() || !versions.stream().allMatch(Versioned::isTombstone)) {
            return false;
        }
        long newest = versions.stream().flatMap(v -> v.clock().entries().stream())
                .mapToLong(ClockEntry::timestamp).max().orElse(0);
        return nowMillis - newest > graceMillis;
    }
}
