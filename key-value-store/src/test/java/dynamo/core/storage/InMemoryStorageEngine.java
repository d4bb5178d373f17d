package dynamo.core.storage;

import dynamo.core.version.Versioned;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/** A thread-safe StorageEngine in memory, for tests and in-process clusters. */
public final class InMemoryStorageEngine implements StorageEngine {
    private final ConcurrentSkipListMap<byte[], List<Versioned>> entries =
            new ConcurrentSkipListMap<>(Arrays::compareUnsigned);

    @Override
    public List<Versioned> get(byte[] key) {
        return entries.getOrDefault(key, List.of());
    }

    /** compute() is atomic per key; it may call {@code change} more than once, as the port allows. */
    @Override
    public List<Versioned> update(byte[] key, UnaryOperator<List<Versioned>> change) {
        List<Versioned> stored = entries.compute(key.clone(), (k, current) -> {
            List<Versioned> next = List.copyOf(Objects.requireNonNull(
                    change.apply(current == null ? List.of() : current), "change result"));
            return next.isEmpty() ? null : next;
        });
        return stored == null ? List.of() : stored;
    }

    @Override
    public Stream<StoredEntry> scan() {
        return entries.entrySet().stream().map(e -> new StoredEntry(e.getKey().clone(), e.getValue()));
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
