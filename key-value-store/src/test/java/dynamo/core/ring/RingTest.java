package dynamo.core.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RingTest {
    private static final List<String> FIVE = List.of("node-1", "node-2", "node-3", "node-4", "node-5");

    private static byte[] key(int i) {
        return ("key-" + i).getBytes(StandardCharsets.UTF_8);
    }

    /** An independent model of the ring: token i of node x is md5(x) for i = 0, md5(x#i) after. */
    private static NavigableMap<Long, String> modelTokens(List<String> nodes, int vnodes) {
        NavigableMap<Long, String> tokens = new TreeMap<>(Long::compareUnsigned);
        for (String node : nodes) {
            for (int i = 0; i < vnodes; i++) {
                tokens.put(RingHash.of(i == 0 ? node : node + "#" + i), node);
            }
        }
        return tokens;
    }

    private static List<String> modelPreferenceList(NavigableMap<Long, String> tokens, long position, int n) {
        List<String> walk = new ArrayList<>(tokens.tailMap(position, true).values());
        walk.addAll(tokens.headMap(position, false).values());
        Set<String> distinct = new LinkedHashSet<>(walk);
        return new ArrayList<>(distinct).subList(0, Math.min(n, distinct.size()));
    }

    /** The single-token nodes sorted by their unsigned ring position. */
    private static List<String> clockwise(List<String> nodes) {
        List<String> sorted = new ArrayList<>(nodes);
        sorted.sort((a, b) -> Long.compareUnsigned(RingHash.of(a), RingHash.of(b)));
        return sorted;
    }

    @Test
    void rejectsAnEmptyRingOrNoTokens() {
        assertThatThrownBy(() -> new Ring(List.of(), 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Ring(FIVE, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void duplicateNodeIdsCountOnce() {
        Ring ring = new Ring(List.of("a", "b", "a"), 1);
        assertThat(ring.nodes()).containsExactly("a", "b");
        assertThat(ring.preferenceList(key(1), 3)).hasSize(2).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void keyGoesToTheFirstTokenClockwiseAndThenTheFollowingNodes() {
        Ring ring = new Ring(FIVE, 1);
        List<String> order = clockwise(FIVE);
        for (int i = 0; i < FIVE.size(); i++) {
            long token = RingHash.of(order.get(i));
            List<String> expected = List.of(order.get(i), order.get((i + 1) % 5), order.get((i + 2) % 5));
            assertThat(ring.preferenceListAt(token, 3)).as("exactly on a token").isEqualTo(expected);
            assertThat(ring.preferenceListAt(token - 1, 3)).as("just before a token").isEqualTo(expected);
            assertThat(ring.preferenceListAt(token + 1, 3).get(0)).as("just after a token")
                    .isEqualTo(order.get((i + 1) % 5));
        }
    }

    @Test
    void positionPastTheHighestTokenWrapsToTheLowest() {
        Ring ring = new Ring(FIVE, 1);
        List<String> order = clockwise(FIVE);
        String lowest = order.get(0);
        String highest = order.get(4);
        long pastHighest = RingHash.of(highest) + 1;

        assertThat(ring.preferenceListAt(pastHighest, 3)).containsExactly(lowest, order.get(1), order.get(2));
        assertThat(ring.preferenceListAt(-1L, 1)).as("the top of the unsigned range").containsExactly(lowest);
        assertThat(ring.preferenceListAt(RingHash.of(highest), 3))
                .as("the highest node's list wraps too").containsExactly(highest, lowest, order.get(1));
    }

    @Test
    void keyHashedPastTheHighestTokenGoesToTheLowestNode() {
        Ring ring = new Ring(FIVE, 1);
        List<String> order = clockwise(FIVE);
        long highestToken = RingHash.of(order.get(4));
        byte[] wrapping = IntStream.range(0, 100_000).mapToObj(RingTest::key)
                .filter(k -> Long.compareUnsigned(RingHash.of(k), highestToken) > 0)
                .findFirst().orElseThrow();

        assertThat(ring.preferenceList(wrapping, 1)).containsExactly(order.get(0));
    }

    @Test
    void preferenceListsHoldNDistinctNodes() {
        Ring ring = new Ring(FIVE, 1);
        for (int i = 0; i < 1000; i++) {
            List<String> list = ring.preferenceList(key(i), 3);
            assertThat(list).hasSize(3).doesNotHaveDuplicates().isSubsetOf(FIVE);
        }
    }

    @Test
    void nLargerThanTheRingGivesEveryNodeOnce() {
        Ring ring = new Ring(List.of("a", "b", "c"), 8);
        assertThat(ring.preferenceList(key(7), 5)).hasSize(3).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(ring.preferenceList(key(7), Integer.MAX_VALUE)).hasSize(3);
        assertThat(ring.preferenceList(key(7), 2)).isEqualTo(ring.preferenceList(key(7), 5).subList(0, 2));
    }

    @Test
    void virtualNodesGiveDistinctPhysicalNodesMatchingAnIndependentModel() {
        int vnodes = 16;
        Ring ring = new Ring(FIVE, vnodes);
        NavigableMap<Long, String> model = modelTokens(FIVE, vnodes);
        assertThat(model).hasSize(FIVE.size() * vnodes);
        for (int i = 0; i < 2000; i++) {
            long position = RingHash.of(key(i));
            List<String> list = ring.preferenceList(key(i), 3);
            assertThat(list).hasSize(3).doesNotHaveDuplicates();
            assertThat(list).isEqualTo(modelPreferenceList(model, position, 3));
        }
    }

    @Test
    void eachVirtualNodeTokenBelongsToItsNode() {
        Ring ring = new Ring(FIVE, 4);
        for (String node : FIVE) {
            for (int i = 0; i < 4; i++) {
                long token = RingHash.of(i == 0 ? node : node + "#" + i);
                assertThat(ring.preferenceListAt(token, 1)).as(node + " token " + i).containsExactly(node);
            }
        }
    }

    @Test
    void positionsAreStableAcrossBuildsAndNodeOrder() {
        List<String> shuffled = new ArrayList<>(FIVE);
        Collections.reverse(shuffled);
        Ring first = new Ring(FIVE, 64);
        Ring second = new Ring(FIVE, 64);
        Ring reordered = new Ring(shuffled, 64);
        for (int i = 0; i < 1000; i++) {
            assertThat(second.preferenceList(key(i), 3)).isEqualTo(first.preferenceList(key(i), 3));
            assertThat(reordered.preferenceList(key(i), 3)).isEqualTo(first.preferenceList(key(i), 3));
        }
    }

    @Test
    void addingANodeOnlyMovesKeysToThatNode() {
        Ring before = new Ring(FIVE.subList(0, 4), 32);
        Ring after = new Ring(FIVE, 32);
        for (int i = 0; i < 2000; i++) {
            String was = before.preferenceList(key(i), 1).get(0);
            String now = after.preferenceList(key(i), 1).get(0);
            assertThat(now).as("key %d", i).isIn(was, "node-5");
        }
    }

    @Test
    void fiveNodesWithSixtyFourVirtualNodesShareTenThousandKeysEvenly() {
        Ring ring = new Ring(FIVE, 64);
        Map<String, Integer> primaries = new HashMap<>();
        Map<String, Integer> replicas = new HashMap<>();
        int keys = 10_000;
        for (int i = 0; i < keys; i++) {
            List<String> list = ring.preferenceList(key(i), 3);
            primaries.merge(list.get(0), 1, Integer::sum);
            list.forEach(node -> replicas.merge(node, 1, Integer::sum));
        }
        assertThat(primaries).containsOnlyKeys(FIVE);
        // A fair share is 2000 primaries and 6000 replicas; 64 tokens per node keep each within ~30% of it.
        primaries.values().forEach(count -> assertThat(count).isBetween(1400, 2600));
        replicas.values().forEach(count -> assertThat(count).isBetween(4800, 7200));
        assertThat(replicas.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(3 * keys);
    }
}
