package dynamo.core.version;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Immutable vector clock: the causal history that clients see in the opaque version string.
 * Entries are kept sorted by node id; at most {@link #MAX_ENTRIES}, dropping the oldest by timestamp.
 */
public record VectorClock(List<ClockEntry> entries) {
    public static final int MAX_ENTRIES = 10;
    public static final VectorClock EMPTY = new VectorClock(List.of());

    public VectorClock {
        entries = List.copyOf(entries);
    }

    public long counterOf(String nodeId) {
        for (ClockEntry e : entries) {
            if (e.nodeId().equals(nodeId)) {
                return e.counter();
            }
        }
        return 0;
    }

    /** A clock that descends from this one, with {@code nodeId}'s counter raised by one. */
    public VectorClock increment(String nodeId, long nowMillis) {
        Map<String, ClockEntry> byNode = byNode();
        byNode.put(nodeId, new ClockEntry(nodeId, counterOf(nodeId) + 1, nowMillis));
        return normalized(byNode);
    }

    /** The least clock that descends from both: per node, the higher counter. */
    public VectorClock merge(VectorClock other) {
        Map<String, ClockEntry> byNode = byNode();
        for (ClockEntry e : other.entries) {
            byNode.merge(e.nodeId(), e, (a, b) -> a.counter() >= b.counter()
                    ? new ClockEntry(a.nodeId(), a.counter(), Math.max(a.timestamp(), b.timestamp()))
                    : new ClockEntry(b.nodeId(), b.counter(), Math.max(a.timestamp(), b.timestamp())));
        }
        return normalized(byNode);
    }

    /** Where this clock stands relative to {@code other}. */
    public Occurred compare(VectorClock other) {
        boolean bigger = false;
        boolean smaller = false;
        Map<String, ClockEntry> mine = byNode();
        Map<String, ClockEntry> theirs = other.byNode();
        for (ClockEntry e : entries) {
            long o = theirs.containsKey(e.nodeId()) ? theirs.get(e.nodeId()).counter() : 0;
            bigger |= e.counter() > o;
            smaller |= e.counter() < o;
        }
        for (ClockEntry e : other.entries) {
            if (!mine.containsKey(e.nodeId())) {
                smaller |= e.counter() > 0;
            }
        }
        if (bigger && smaller) {
            return Occurred.CONCURRENT;
        }
        return bigger ? Occurred.AFTER : smaller ? Occurred.BEFORE : Occurred.EQUAL;
    }

    /** True when this clock has seen everything {@code other} has (after or equal). */
    public boolean covers(VectorClock other) {
        Occurred o = compare(other);
        return o == Occurred.AFTER || o == Occurred.EQUAL;
    }

    private Map<String, ClockEntry> byNode() {
        Map<String, ClockEntry> map = new HashMap<>();
        for (ClockEntry e : entries) {
            map.put(e.nodeId(), e);
        }
        return map;
    }

    private static VectorClock normalized(Map<String, ClockEntry> byNode) {
        List<ClockEntry> list = new ArrayList<>(byNode.values());
        while (list.size() > MAX_ENTRIES) {
            list.remove(list.stream().min(Comparator.comparingLong(ClockEntry::timestamp)
                    .thenComparing(ClockEntry::nodeId)).orElseThrow());
        }
        list.sort(Comparator.comparing(ClockEntry::nodeId));
        return new VectorClock(list);
    }
}
