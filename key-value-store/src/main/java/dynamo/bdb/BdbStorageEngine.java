package dynamo.bdb;

import dynamo.core.storage.KeyState;
import dynamo.core.storage.StorageEngine;
import dynamo.core.storage.StoredEntry;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The replica store on the "versions" database. Keys come back in unsigned byte order, JE's
 * default B-tree comparison. Closing the engine closes its database, not the environment.
 */
public final class BdbStorageEngine implements StorageEngine {
    static final String DATABASE = "versions";

    private final VersionsDatabase versions;

    public BdbStorageEngine(BdbEnvironment environment) {
        this.versions = new VersionsDatabase(environment, DATABASE);
    }

    @Override
    public KeyState readState(byte[] key) {
        return versions.get(key);
    }

    @Override
    public KeyState updateState(byte[] key, UnaryOperator<KeyState> change) {
        return versions.update(key, change);
    }

    /** Lazily reads batches of records; closing the stream is harmless, as no cursor stays open. */
    @Override
    public Stream<StoredEntry> scan() {
        return StreamSupport.stream(new BatchedScan(versions, null), false);
    }

    /** Seeks to the first key after {@code afterKey}: a page of {@code *} or {@code @} costs O(page), not O(store). */
    @Override
    public Stream<StoredEntry> scanAfter(byte[] afterKey) {
        return StreamSupport.stream(new BatchedScan(versions, afterKey), false);
    }

    @Override
    public long count() {
        return versions.count();
    }

    @Override
    public void close() {
        versions.close();
    }
}
