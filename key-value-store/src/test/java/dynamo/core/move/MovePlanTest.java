package dynamo.core.move;

import static org.assertj.core.api.Assertions.assertThat;

import dynamo.core.epoch.RingConfig;
import dynamo.core.ring.Ring;
import dynamo.core.ring.RingHash;
import dynamo.core.ring.RingLayout;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MovePlanTest {
    private static final List<String> FIVE = List.of("n1", "n2", "n3", "n4", "n5");

    private static MovePlan plan(RingLayout layout, List<String> before, List<String> after) {
        RingConfig moving = RingConfig.seed(before, layout).startingMove(after, List.of());
        return MovePlan.of(moving.ring(), moving.target().orElseThrow(), 3);
    }

    @Test
    void aJoinerGainsRangesFromTheirOldReplicas() {
        for (RingLayout layout : List.of(new RingLayout.Tokens(1), new RingLayout.Tokens(8), new RingLayout.Partitions(64, 3))) {
            List<String> six = List.of("n1", "n2", "n3", "n4", "n5", "n6");
            MovePlan plan = plan(layout, FIVE, six);
            if (layout instanceof RingLayout.Tokens) {
                assertThat(plan.gainers()).as("%s", layout).containsExactly("n6");
            } else { // the partition allocator may also trade partitions between old nodes to keep them spaced
                assertThat(plan.gainers()).as("%s", layout).contains("n6");
            }
            for (String gainer : plan.gainers()) {
                assertThat(plan.gainedBy(gainer)).isNotEmpty()
                        .allSatisfy(s -> assertThat(s.from()).hasSize(3).doesNotContain(gainer));
            }
            assertThat(plan.losers()).doesNotContain("n6").isNotEmpty();
        }
    }

    @Test
    void aLeaverLosesEverythingAndGainsNothing() {
        MovePlan plan = plan(new RingLayout.Partitions(64, 3), FIVE, List.of("n1", "n2", "n3", "n4"));
        assertThat(plan.gainers()).doesNotContain("n5").isNotEmpty();
        assertThat(plan.losers()).contains("n5");
        assertThat(plan.shifts()).allSatisfy(s -> assertThat(s.to()).doesNotContain("n5"));
    }

    @Test
    void theShiftsCoverTheRingAndGiveEveryPositionBothRingsLists() {
        RingConfig moving = RingConfig.seed(FIVE, new RingLayout.Tokens(4)).startingMove(
                List.of("n1", "n2", "n3", "n4", "n5", "n6"), List.of());
        Ring from = moving.ring();
        Ring to = moving.target().orElseThrow();
        MovePlan plan = MovePlan.of(from, to, 3);
        IntStream.range(0, 2000).forEach(i -> {
            long position = RingHash.of(("key-" + i).getBytes());
            List<MovePlan.Shift> containing = plan.shifts().stream().filter(s -> s.range().contains(position)).toList();
            assertThat(containing).hasSize(1);
            assertThat(containing.get(0).from()).isEqualTo(from.preferenceListAt(position, 3));
            assertThat(containing.get(0).to()).isEqualTo(to.preferenceListAt(position, 3));
        });
    }

    @Test
    void majoritiesAreCountedPerListOnTheOldOrTheNewSide() {
        MovePlan plan = plan(new RingLayout.Partitions(64, 3), FIVE, List.of("n1", "n2", "n3", "n4", "n5", "n6"));
        Set<String> all = new TreeSet<>(List.of("n1", "n2", "n3", "n4", "n5", "n6"));
        assertThat(plan.majorities(all, true)).isTrue();
        assertThat(plan.majorities(all, false)).isTrue();
        assertThat(plan.majorities(Set.of("n6"), false)).isFalse();
        Set<String> withoutTwo = new TreeSet<>(all);
        withoutTwo.removeAll(List.of("n1", "n2"));
        // some partition has both n1 and n2 among its three replicas (64 partitions over five nodes)
        assertThat(plan.majorities(withoutTwo, true)).isFalse();
        Set<String> withoutOne = new TreeSet<>(all);
        withoutOne.remove("n3");
        assertThat(plan.majorities(withoutOne, true)).isTrue();
    }
}
