package dynamo.core.ring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The default layout, Q = 256 equal partitions with N = 3, at 3 to 20 nodes: balance, distinct
 * replicas on consecutive partitions, the same ring from any order of ids, and what a join or a
 * leave moves. The balance table is printed at the end.
 */
class PartitionLayoutTest {
    private static final int Q = 256;
    private static final int N = 3;
    private static final RingLayout.Partitions LAYOUT = new RingLayout.Partitions(Q, N);

    static IntStream clusterSizes() {
        return IntStream.rangeClosed(3, 20);
    }

    @Test
    void partitionsAreEqualArcsEndingAtMultiplesOfTheRingOverQ() {
        Ring ring = LAYOUT.ringOf(BalanceReport.ids(5));
        assertThat(ring.tokens()).hasSize(Q);
        for (int i = 0; i < Q; i++) {
            assertThat(ring.owners()).containsKey((long) i << 56);
        }
        assertThat(new RingLayout.Partitions(3, N).boundary(1)).isEqualTo(Long.parseUnsignedLong("6148914691236517205"));
    }

    @ParameterizedTest(name = "{0} nodes")
    @MethodSource("clusterSizes")
    void everyPrimaryAndReplicaShareIsWithinTenPercentOfTheMean(int nodes) {
        Ring ring = LAYOUT.ringOf(BalanceReport.ids(nodes));
        assertWithinTenPercent(KeyShares.primary(ring), 1.0 / nodes);
        assertWithinTenPercent(KeyShares.replica(ring, N), (double) Math.min(N, nodes) / nodes);
    }

    @ParameterizedTest(name = "{0} nodes")
    @MethodSource("clusterSizes")
    void anyNConsecutivePartitionsHaveDistinctOwners(int nodes) {
        Ring ring = LAYOUT.ringOf(randomIds(nodes, new Random(nodes)));
        List<String> owners = List.copyOf(ring.owners().values());
        for (int p = 0; p < Q; p++) {
            List<String> window = new ArrayList<>();
            for (int d = 0; d < Math.min(N, nodes); d++) {
                window.add(owners.get((p + d) % Q));
            }
            // With S = N every node replicates every key, and Q = 256 is no multiple of 3: one window repeats.
            if (nodes > N) {
                assertThat(new HashSet<>(window)).as("partitions %d..%d", p, p + N - 1).hasSize(N);
            }
            assertThat(ring.preferenceListAt(ring.tokens().get(p), N)).doesNotHaveDuplicates().hasSize(N);
        }
    }

    @Test
    void theRingIsTheSameFromAnyOrderOfIds() {
        List<String> ids = randomIds(12, new Random(7));
        Ring first = LAYOUT.ringOf(ids);
        List<String> shuffled = new ArrayList<>(ids);
        Collections.shuffle(shuffled, new Random(8));
        Ring second = LAYOUT.ringOf(shuffled);
        assertThat(second.owners()).isEqualTo(first.owners());
        assertThat(second.fingerprint()).isEqualTo(first.fingerprint());
        byte[] key = "k".getBytes(StandardCharsets.UTF_8);
        assertThat(second.preferenceList(key, N)).isEqualTo(first.preferenceList(key, N));
    }

    /** From the member ids alone (today's rings) a change moves at most 2.5 times the minimum. */
    @ParameterizedTest(name = "{0} nodes")
    @MethodSource("clusterSizes")
    void aJoinOrLeaveMovesCloseToTheMinimum(int nodes) {
        BalanceReport.Row row = new BalanceReport(LAYOUT, N).row(nodes);
        assertThat(row.stateless().joinRatio()).isBetween(1.0 - 1e-9, 2.5);
        assertThat(row.stateless().leaveRatioWorst()).isBetween(1.0 - 1e-9, 2.5);
        // From the previous ring (what epoch rings will use) it is within 10 % of the minimum from 6 nodes on.
        double bound = nodes <= N + 2 ? 1.6 : 1.1;
        assertThat(row.fromPrevious().joinRatio()).isLessThanOrEqualTo(bound);
        assertThat(row.fromPrevious().leaveRatioWorst()).isLessThanOrEqualTo(bound);
    }

    @Test
    void aRingFromThePreviousKeepsThePartitionsOfTheNodesThatStay() {
        List<String> ids = BalanceReport.ids(8);
        Ring before = LAYOUT.ringOf(ids);
        Ring after = LAYOUT.ringAfter(before, ids.subList(0, 7));
        long reassigned = before.owners().entrySet().stream().filter(e -> !e.getValue().equals("node8"))
                .filter(e -> !after.owners().get(e.getKey()).equals(e.getValue())).count();
        // Only the swaps that make room for the leaver's 32 partitions within the spacing.
        assertThat(reassigned).isLessThanOrEqualTo(4);
        assertThat(after.owners().values()).doesNotContain("node8");
        assertWithinTenPercent(KeyShares.primary(after), 1.0 / 7);
    }

    @Test
    void printsTheBalanceTable() {
        String table = new BalanceReport(LAYOUT, N).table(3, 20);
        System.out.println(table);
        assertThat(table.lines()).hasSize(3 + 18);
    }

    private static void assertWithinTenPercent(Map<String, Double> shares, double mean) {
        assertThat(shares.values()).allSatisfy(share -> assertThat(Math.abs(share - mean) / mean)
                .as("share %.4f against mean %.4f", share, mean).isLessThanOrEqualTo(0.10));
    }

    private static List<String> randomIds(int nodes, Random random) {
        return IntStream.range(0, nodes).mapToObj(i -> "node-" + Long.toHexString(random.nextLong())).toList();
    }
}
