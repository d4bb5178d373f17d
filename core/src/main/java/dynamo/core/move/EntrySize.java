package dynamo.core.move;

import dynamo.core.storage.StoredEntry;
import dynamo.core.version.Versioned;

/** The bytes of an entry's key and values: what a stream reports having moved (not its wire size). */
final class EntrySize {
    private EntrySize() {
    }

    static long of(StoredEntry entry) {
        long bytes = entry.key().length;
        for (Versioned v : entry.versions()) {
            bytes += v.isTombstone() ? 0 : v.value().length;
        }
        return bytes;
    }
}
