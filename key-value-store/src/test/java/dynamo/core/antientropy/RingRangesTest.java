package dynamo.core.antientropy;

import static org.assertj.core.api.Assertions.assertThat;

import dynamo.core.ring.Ring;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RingRangesTest {

    @ParameterizedTest(name = "{0} nodes, {1} tokens each, N={2}")
    @CsvSource({"1, 1, 3", "2, 1, 3", "5, 1, 3", "5, 8, 3", "7, 64, 3", "4, 256, 2"})
    void rangesTileTheRingAndEachHasOnePreferenceList(int nodes, int vnodes, int n) {
        Ring ring = new Ring(IntStream.rangeClosed(1, nodes).mapToObj(i -> "node-" + i).toList(), vnodes);
        List<ReplicatedRange> ranges = RingRanges.of(ring, n);

        for (int i = 0; i < ranges.size(); i++) {
            KeyRange previous = ranges.get((i - 1 + ranges.size()) % ranges.size()).range();
            assertThat(ranges.get(i).range().start()).as("contiguous").isEqualTo(previous.end());
        }
        assertThat(ranges.size()).isLessThanOrEqualTo(nodes * vnodes);
        for (ReplicatedRange r : ranges) {
            assertThat(ring.preferenceListAt(r.range().end(), n)).isEqualTo(r.replicas());
            assertThat(ring.preferenceListAt(r.range().start() + 1, n)).isEqualTo(r.replicas());
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int probe = 0; probe < 2_000; probe++) {
            long position = random.nextLong();
            List<ReplicatedRange> holding = ranges.stream().filter(r -> r.range().contains(position)).toList();
            assertThat(holding).hasSize(1);
            assertThat(holding.get(0).replicas()).isEqualTo(ring.preferenceListAt(position, n));
        }
    }

    @ParameterizedTest(name = "{0} tokens per node")
    @CsvSource({"1", "3"})
    void neighbouringRangesHaveDifferentReplicas(int vnodes) {
        Ring ring = new Ring(List.of("a", "b", "c", "d", "e"), vnodes);
        List<ReplicatedRange> ranges = RingRanges.of(ring, 3);
        for (int i = 0; i < ranges.size(); i++) {
            assertThat(ranges.get(i).replicas()).isNotEqualTo(ranges.get((i + 1) % ranges.size()).replicas());
        }
        assertThat(ranges).hasSizeGreaterThanOrEqualTo(5);
    }
}
