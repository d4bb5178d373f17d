package dynamo.core.paxos;

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

    private static final int MAX_VALUE_BYTES = 16 * 1024;

    private final int capacity;
    private final Map<ByteBuffer, Prepared> entries;

    public ProposerCache(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Prepared> eldest) {
                return size() > ProposerCache.this.capacity;
            }
        };
    }

    /** Removes and returns the key's entry, or null. */
    public synchronized Prepared take(byte[] key) {
        return entries.remove(ByteBuffer.wrap(key));
    }

    public synchronized void put(byte[] key, Ballot next, Versioned current) {
        if (capacity > 0 && (current.isTombstone() || current.value().length <= MAX_VALUE_BYTES)) {
            entries.put(ByteBuffer.wrap(key.clone()), new Prepared(next, current));
        }
    }

    public synchronized int size() {
        return entries.size();
    }
}
