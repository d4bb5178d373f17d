package dynamo.core.antientropy;

import dynamo.core.storage.InMemoryStorageEngine;
import dynamo.core.storage.KeyState;
import dynamo.core.storage.StorageEngine;
import dynamo.core.storage.StoredEntry;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/** In-memory storage that counts full scans, to check how often a pass reads the whole store. */
final class CountingStorage implements StorageEngine {
    private final InMemoryStorageEngine delegate = new InMemoryStorageEngine();
    private final AtomicInteger scans = new AtomicInteger();

    int scans() {
        return scans.get();
    }

    @Override
    public KeyState readState(byte[] key) {
        return delegate.readState(key);
    }

    @Override
    public KeyState updateState(byte[] key, UnaryOperator<KeyState> change) {
        return delegate.updateState(key, change);
    }

    @Override
    public Stream<StoredEntry> scan() {
        scans.incrementAndGet();
        return delegate.scan();
    }

    @Override
    public long count() {
        return delegate.count();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
