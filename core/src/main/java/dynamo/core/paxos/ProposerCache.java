package dynamo.core.paxos;

import dynamo.core.operation.ReplicaSets;
import dynamo.core.version.Ballot;
import dynamo.core.version.Versioned;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one-round-trip optimisation's memory: for keys this node coordinated last, the ballot a
 * majority already promised it (piggybacked on the last accept) and the value chosen with the
 * ballot before. An operation takes the entry (so two operations never use one ballot), and puts it
 * back only after a majority accepted. Least recently used entries are evicted; large values are not
 * kept, their keys simply pay for a prepare.
 */
public final class ProposerCache {
    /** A promise held by this proposer and the value chosen just before it. */
    public record Prepared(Ballot next, Versioned current) {
    }

    /** A promise is good only for the replicas that gave it: a key whose replicas changed must prepare again. */
    private record Entry(ReplicaSets promisedBy, Prepared prepared) {
    }

    private static final int MAX_VALUE_BYTES = 16 * 1024;

    private final int capacity;
    private final Map<ByteBuffer, Entry> entries;

    public ProposerCache(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Entry> eldest) {
                return size() > ProposerCache.this.capacity;
            }
        };
    }

    /** Removes the key's entry and returns it if {@code replicas} gave its promise, else null. */
    public synchronized Prepared take(byte[] key, ReplicaSets replicas) {
        Entry entry = entries.remove(ByteBuffer.wrap(key));
        return entry != null && entry.promisedBy().equals(replicas) ? entry.prepared() : null;
    }

    public synchronized void put(byte[] key, ReplicaSets promisedBy, Ballot next, Versioned current) {
        if (capacity > 0 && (current.isTombstone() || current.value().length <= MAX_VALUE_BYTES)) {
            entries.put(ByteBuffer.wrap(key.clone()), new Entry(promisedBy, new Prepared(next, current)));
        }
    }

    public synchronized int size() {
        return entries.size();
    }
}
