package dynamo.core.storage;

import dynamo.core.version.Versioned;
import java.util.List;

/** A key as a replica stores it: its current versions (siblings), tombstones included. */
public record StoredEntry(byte[] key, List<Versioned> versions) {
    public StoredEntry {
        versions = List.copyOf(versions);
    }
}
