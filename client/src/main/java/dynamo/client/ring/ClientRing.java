package dynamo.client.ring;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An immutable copy of the ring. A key's preference list is computed as the node's {@code Ring}
 * does: the owner of the first token at or clockwise after md5(key) (unsigned order), then the
 * owners of the following tokens, skipping nodes already listed, {@code replicas} nodes in all.
 */
public final class ClientRing {
    private final long epoch;
    private final int replicas;
    private final Map<String, RingNode> nodes = new LinkedHashMap<>();
    private final NavigableMap<Long, RingNode> tokens = new TreeMap<>(Long::compareUnsigned);

    public ClientRing(long epoch, int replicas, List<RingNode> members) {
        if (replicas < 1 || members.isEmpty()) {
            throw new IllegalArgumentException("a ring needs nodes and at least one replica");
        }
        this.epoch = epoch;
        this.replicas = replicas;
        for (RingNode node : members) {
            if (nodes.putIfAbsent(node.id(), node) != null) {
                throw new IllegalArgumentException("node " + node.id() + " listed twice");
            }
            for (long token : node.tokens()) {
                RingNode other = tokens.putIfAbsent(token, node);
                if (other != null) {
                    throw new IllegalArgumentException("token " + Long.toUnsignedString(token) + " of " + node.id()
                            + " is also " + other.id() + "'s");
                }
            }
        }
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("a ring needs tokens");
        }
    }

    public long epoch() {
        return epoch;
    }

    public int replicas() {
        return replicas;
    }

    /** Every member, in the order the ring listed them. */
    public List<RingNode> nodes() {
        return List.copyOf(nodes.values());
    }

    public Optional<RingNode> node(String id) {
        return Optional.ofNullable(nodes.get(id));
    }

    /** The key's replicas, its coordinator first. */
    public List<RingNode> preferenceList(byte[] key) {
        return preferenceListAt(KeyPosition.of(key));
    }

    public List<RingNode> preferenceListAt(long position) {
        // Keyed by id: a node's hash code would hash its every token.
        Map<String, RingNode> chosen = new LinkedHashMap<>();
        int wanted = Math.min(replicas, nodes.size());
        for (Collection<RingNode> arc : List.of(tokens.tailMap(position, true).values(),
                tokens.headMap(position, false).values())) {
            for (RingNode node : arc) {
                chosen.putIfAbsent(node.id(), node);
                if (chosen.size() == wanted) {
                    return List.copyOf(chosen.values());
                }
            }
        }
        return List.copyOf(chosen.values());
    }
}
