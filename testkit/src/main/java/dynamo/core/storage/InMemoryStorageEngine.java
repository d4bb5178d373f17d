package dynamo.core.storage;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/** A thread-safe StorageEngine in memory, for tests and in-process clusters. */
public final class InMemoryStorageEngine implements StorageEngine {
    private final ConcurrentSkipListMap<byte[], KeyState> entries =
            new ConcurrentSkipListMap<>(Arrays::compareUnsigned);

    @Override
    public KeyState readState(byte[] key) {
        return entries.getOrDefault(key, KeyState.EMPTY);
    }

    /** compute() is atomic per key; it may call {@code change} more than once, as the port allows. */
    @Override
    public KeyState updateState(byte[] key, UnaryOperator<KeyState> change) {
        KeyState stored = entries.compute(key.clone(), (k, current) -> {
            KeyState next = Objects.requireNonNull(change.apply(current == null ? KeyState.EMPTY : current),
                    "change result");
            return next.isEmpty() ? null : next;
        });
        return stored == null ? KeyState.EMPTY : stored;
    }

    /** Like the BDB engine, skips records that hold only a promise. */
    @Override
    public Stream<StoredEntry> scan() {
        return entries.entrySet().stream().filter(e -> !e.getValue().versions().isEmpty())
                .map(e -> new StoredEntry(e.getKey().clone(), e.getValue().versions(), e.getValue().accepted()));
    }

    @Override
    public long count() {
        return entries.size();
    }

    @Override
    public void close() {
        // Nothing to release; the data lives as long as the object.
    }
}
