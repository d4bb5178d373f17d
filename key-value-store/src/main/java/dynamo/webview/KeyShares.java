package dynamo.webview;

import dynamo.core.ring.Ring;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Each node's share of the key space as a key's coordinator: a token owns the arc from the previous
 * token (exclusive) to itself, so a node's share is the sum of its tokens' arcs over 2^64.
 */
final class KeyShares {
    private static final double RING_SIZE = 0x1p64;

    private KeyShares() {
    }

    static Map<String, Double> of(Ring ring) {
        Map<String, Double> shares = new LinkedHashMap<>();
        ring.nodes().forEach(node -> shares.put(node, 0.0));
        long previous = ring.owners().lastKey();
        for (Map.Entry<Long, String> token : ring.owners().entrySet()) {
            shares.merge(token.getValue(), arc(previous, token.getKey()) / RING_SIZE, Double::sum);
            previous = token.getKey();
        }
        return shares;
    }

    /** Length of the clockwise arc (from, to]; a lone token's arc is the whole ring. */
    private static double arc(long from, long to) {
        long length = to - from; // wraps modulo 2^64, which is the clockwise distance
        return length == 0 ? RING_SIZE : unsigned(length);
    }

    private static double unsigned(long value) {
        return value >= 0 ? value : (value >>> 1) * 2.0 + (value & 1);
    }
}
