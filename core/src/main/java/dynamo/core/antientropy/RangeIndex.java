package dynamo.core.antientropy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Finds the ranges that hold a ring position. Ranges cut from one ring are disjoint, so a lookup is
 * one ceiling search by range end; ranges from differing ring views may overlap, and then every
 * range is checked.
 */
final class RangeIndex {
    private final List<KeyRange> ranges;
    private final NavigableMap<Long, KeyRange> byEnd = new TreeMap<>(Long::compareUnsigned);
    private final boolean disjoint;

    RangeIndex(List<KeyRange> ranges) {
        this.ranges = List.copyOf(ranges);
        boolean unique = true;
        for (KeyRange r : this.ranges) {
            unique &= byEnd.put(r.end(), r) == null;
        }
        this.disjoint = unique && noOverlap();
    }

    List<KeyRange> containing(long position) {
        if (!disjoint) {
            return ranges.stream().filter(r -> r.contains(position)).toList();
        }
        Map.Entry<Long, KeyRange> next = byEnd.ceilingEntry(position);
        KeyRange candidate = (next != null ? next : byEnd.firstEntry()).getValue();
        return candidate.contains(position) ? List.of(candidate) : List.of();
    }

    boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** Sorted by end, each range must fit between the previous range's end and its own. */
    private boolean noOverlap() {
        if (byEnd.size() <= 1) {
            return true;
        }
        List<KeyRange> sorted = new ArrayList<>(byEnd.values());
        for (int i = 0; i < sorted.size(); i++) {
            KeyRange r = sorted.get(i);
            long previousEnd = sorted.get((i - 1 + sorted.size()) % sorted.size()).end();
            long width = r.end() - r.start();
            if (width == 0 || Long.compareUnsigned(width, r.end() - previousEnd) > 0) {
                return false;
            }
        }
        return true;
    }
}
