package dynamo.core.storage;

import dynamo.core.version.Ballot;
import dynamo.core.version.Versioned;
import java.util.List;

/**
 * A key as a replica stores it: its current versions (siblings), tombstones included, and the
 * ballot they were accepted with (ZERO in siblings mode), which a late copy must carry.
 */
public record StoredEntry(byte[] key, List<Versioned> versions, Ballot accepted) {
    public StoredEntry {
        versions = List.copyOf(versions);
    }

    public StoredEntry(byte[] key, List<Versioned> versions) {
        this(key, versions, Ballot.ZERO);
    }
}
