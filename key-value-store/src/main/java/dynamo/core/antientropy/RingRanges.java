package dynamo.core.antientropy;

import dynamo.core.ring.Ring;
import dynamo.core.ring.RingHash;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Splits the ring into the arcs over which the preference list is constant. Ring does not expose its
 * tokens, so this reproduces its rule (token 0 of a node is md5(id), token i is md5(id#i)) for up to
 * {@link #MAX_VIRTUAL_NODES} tokens per node: positions that are not real tokens only split an arc
 * where the list does not change, and the merge step joins such pieces again, so the result is exact
 * whenever the ring uses at most that many virtual nodes. (Ring.tokens() would make this trivial.)
 */
final class RingRanges {
    static final int MAX_VIRTUAL_NODES = 256;

    private RingRanges() {
    }

    static List<ReplicatedRange> of(Ring ring, int n) {
        List<Long> bounds = candidateTokens(ring.nodes());
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

    private static List<Long> candidateTokens(List<String> nodes) {
        TreeSet<Long> tokens = new TreeSet<>(Long::compareUnsigned);
        for (String node : nodes) {
            for (int i = 0; i < MAX_VIRTUAL_NODES; i++) {
                tokens.add(RingHash.of(i == 0 ? node : node + "#" + i));
            }
        }
        return new ArrayList<>(tokens);
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
