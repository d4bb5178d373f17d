package dynamo.core.storage;

import dynamo.core.version.Versioned;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A replica's durable store of keys, each with its versions and acceptor state ({@link KeyState}).
 * The replica logic decides what to keep; the engine only guarantees that each
 * {@link #updateState} is one atomic read-compare-write.
 */
public interface StorageEngine extends AutoCloseable {

    /** The key's stored state; {@link KeyState#EMPTY} when the key is not stored. */
    KeyState readState(byte[] key);

    /**
     * Atomically replaces the key's state by {@code change.apply(current)} (current is EMPTY for an
     * absent key) and returns what is now stored. An empty result removes the key. The function may
     * run more than once (on a retried transaction), so it must be pure.
     */
    KeyState updateState(byte[] key, UnaryOperator<KeyState> change);

    /** The key's stored versions, tombstones included; empty when the key is not stored. */
    default List<Versioned> get(byte[] key) {
        return readState(key).versions();
    }

    /** {@link #updateState} for the versions only, keeping the acceptor state. */
    default List<Versioned> update(byte[] key, UnaryOperator<List<Versioned>> change) {
        return updateState(key, s -> s.withVersions(change.apply(s.versions()))).versions();
    }

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
