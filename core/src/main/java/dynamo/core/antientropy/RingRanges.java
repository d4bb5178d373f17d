package dynamo.core.antientropy;

import dynamo.core.ring.Ring;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits the ring into the arcs over which the preference list is constant: the arcs between
 * consecutive tokens, with neighbours that share a preference list joined.
 */
public final class RingRanges {
    private RingRanges() {
    }

    public static List<ReplicatedRange> of(Ring ring, int n) {
        List<Long> bounds = ring.tokens();
        List<List<String>> lists = bounds.stream().map(b -> ring.preferenceListAt(b, n)).toList();
        int m = bounds.size();
        int first = firstChange(lists);
        if (first < 0) {
            return List.of(new ReplicatedRange(new KeyRange(bounds.get(0), bounds.get(0)), lists.get(0)));
        }
        List<ReplicatedRange> ranges = new ArrayList<>();
        long start = bounds.get((first - 1 + m) % m);
        for (int step = 0; step < m; step++) {
            int i = (first + step) % m;
            if (!lists.get((i + 1) % m).equals(lists.get(i))) {
                ranges.add(new ReplicatedRange(new KeyRange(start, bounds.get(i)), lists.get(i)));
                start = bounds.get(i);
            }
        }
        return List.copyOf(ranges);
    }

    /** The first arc whose list differs from the one before it (cyclically), or -1 if all are equal. */
    private static int firstChange(List<List<String>> lists) {
        int m = lists.size();
        for (int i = 0; i < m; i++) {
            if (!lists.get(i).equals(lists.get((i - 1 + m) % m))) {
                return i;
            }
        }
        return -1;
    }
}
