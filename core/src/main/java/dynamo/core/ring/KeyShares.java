package dynamo.core.ring;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Shares of the key space, as fractions of 2^64: a token owns the arc from the previous token
 * (exclusive) to itself, and every key of that arc has the token's preference list.
 */
public final class KeyShares {
    private static final double RING_SIZE = 0x1p64;

    private KeyShares() {
    }

    /** Each node's share as a key's coordinator (the first of its preference list). */
    public static Map<String, Double> primary(Ring ring) {
        return replica(ring, 1);
    }

    /** Each node's share of the keys it replicates (it is in their preference list of n). */
    public static Map<String, Double> replica(Ring ring, int n) {
        Map<String, Double> shares = new LinkedHashMap<>();
        ring.nodes().forEach(node -> shares.put(node, 0.0));
        forEachArc(ring.tokens(), (end, arc) -> ring.preferenceListAt(end, n)
                .forEach(node -> shares.merge(node, arc, Double::sum)));
        return shares;
    }

    /** The share of keys whose set of n replicas differs between two rings (what a change moves). */
    public static double changed(Ring before, Ring after, int n) {
        TreeSet<Long> bounds = new TreeSet<>(Long::compareUnsigned);
        bounds.addAll(before.tokens());
        bounds.addAll(after.tokens());
        double[] moved = {0};
        forEachArc(bounds, (end, arc) -> {
            if (!Set.copyOf(before.preferenceListAt(end, n)).equals(Set.copyOf(after.preferenceListAt(end, n)))) {
                moved[0] += arc;
            }
        });
        return moved[0];
    }

    private interface ArcVisitor {
        void visit(long end, double share);
    }

    /** Visits the arc (previous, end] of each bound, in clockwise order, with its share of the ring. */
    private static void forEachArc(Collection<Long> clockwise, ArcVisitor visitor) {
        long previous = clockwise.stream().reduce((a, b) -> b).orElseThrow();
        for (long end : clockwise) {
            visitor.visit(end, arc(previous, end) / RING_SIZE);
            previous = end;
        }
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
