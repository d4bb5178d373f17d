package dynamo.core.storage;

import dynamo.core.version.Versioned;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A replica's durable store of keys and their versions. The replica logic decides what to keep;
 * the engine only guarantees that each {@link #update} is one atomic read-compare-write.
 */
public interface StorageEngine extends AutoCloseable {

    /** The key's stored versions, tombstones included; empty when the key is not stored. */
    List<Versioned> get(byte[] key);

    /**
     * Atomically replaces the key's versions by {@code change.apply(current)} (current is empty
     * for an absent key) and returns what is now stored. An empty result removes the key.
     * The function may run more than once (on a retried transaction), so it must be pure.
     */
    List<Versioned> update(byte[] key, UnaryOperator<List<Versioned>> change);

    /** Every stored key in unsigned byte order; the stream holds a cursor, so close it. */
    Stream<StoredEntry> scan();

    /** Stored keys strictly after {@code afterKey} in unsigned byte order; engines should seek, not filter. */
    default Stream<StoredEntry> scanAfter(byte[] afterKey) {
        return scan().filter(e -> java.util.Arrays.compareUnsigned(e.key(), afterKey) > 0);
    }

    /** Number of stored keys (may be approximate). */
    long count();

    @Override
    void close();
}
