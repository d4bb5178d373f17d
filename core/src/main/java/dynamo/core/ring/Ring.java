package dynamo.core.ring;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * The consistent-hash ring: tokens with their owners. A key's preference list is the owner of the
 * first token clockwise from md5(key), then the owners of the following tokens, skipping nodes
 * already listed. Where the tokens come from is the {@link RingLayout}'s business: md5 tokens per
 * node, or the boundaries of equal partitions (each boundary a token owned by its partition's node).
 */
public final class Ring {
    private final NavigableMap<Long, String> tokens = new TreeMap<>(Long::compareUnsigned);
    private final List<String> nodes;
    private final long fingerprint;

    /**
     * The tokens layout: {@code virtualNodes} tokens per node derived from its stable id (token 0 is
     * md5(id), token i is md5(id#i)), so positions never change across restarts.
     */
    public Ring(Collection<String> nodeIds, int virtualNodes) {
        this(nodeIds, tokensOf(nodeIds, virtualNodes));
    }

    /** A ring of {@code nodeIds} (in that order, duplicates dropped) with the given token owners. */
    Ring(Collection<String> nodeIds, Map<Long, String> owners) {
        if (nodeIds.isEmpty() || owners.isEmpty()) {
            throw new IllegalArgumentException("a ring needs nodes and at least one token");
        }
        this.nodes = List.copyOf(new LinkedHashSet<>(nodeIds));
        if (!nodes.containsAll(owners.values())) {
            throw new IllegalArgumentException("a token's owner is not a node of the ring");
        }
        tokens.putAll(owners);
        this.fingerprint = fingerprintOf(tokens);
    }

    private static Map<Long, String> tokensOf(Collection<String> nodeIds, int virtualNodes) {
        if (virtualNodes < 1) {
            throw new IllegalArgumentException("the tokens layout needs at least one token per node");
        }
        Map<Long, String> owners = new HashMap<>();
        for (String node : new LinkedHashSet<>(nodeIds)) {
            for (int i = 0; i < virtualNodes; i++) {
                owners.put(RingHash.of(i == 0 ? node : node + "#" + i), node);
            }
        }
        return owners;
    }

    /**
     * A stable 63-bit hash of the token map (every token with its owner, in ring order): equal for
     * equal rings on every node and across restarts, different when a member or a token changes.
     * Not the epoch (that is the ring config's number, {@code core.epoch.RingConfig}): it tells two
     * rings apart where epochs cannot, such as two nodes that seeded different rings as epoch 1.
     */
    public long fingerprint() {
        return fingerprint;
    }

    /** Every token with the node that owns it, in clockwise (unsigned) order. */
    public NavigableMap<Long, String> owners() {
        return Collections.unmodifiableNavigableMap(tokens);
    }

    private static long fingerprintOf(NavigableMap<Long, String> tokens) {
        StringBuilder text = new StringBuilder();
        tokens.forEach((token, node) -> text.append(Long.toUnsignedString(token)).append('=').append(node).append('\n'));
        return RingHash.of(text.toString().getBytes(StandardCharsets.UTF_8)) >>> 1;
    }

    public List<String> nodes() {
        return nodes;
    }

    /** Every token position in clockwise (unsigned) order. */
    public List<Long> tokens() {
        return List.copyOf(tokens.keySet());
    }

    /** The first {@code n} distinct nodes clockwise from the key's position (fewer if the ring is smaller). */
    public List<String> preferenceList(byte[] key, int n) {
        return preferenceListAt(RingHash.of(key), n);
    }

    public List<String> preferenceListAt(long position, int n) {
        Set<String> chosen = new LinkedHashSet<>();
        int wanted = Math.min(n, nodes.size());
        // Walk clockwise without copying the token map: from the position to the top, then wrap.
        for (Collection<String> arc : List.of(tokens.tailMap(position, true).values(),
                tokens.headMap(position, false).values())) {
            for (String node : arc) {
                chosen.add(node);
                if (chosen.size() == wanted) {
                    return List.copyOf(chosen);
                }
            }
        }
        return List.copyOf(chosen);
    }
}
