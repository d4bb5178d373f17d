package dynamo.core.operation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReplicaSetsTest {
    private final ReplicaSets steady = ReplicaSets.of(List.of("a", "b", "c"));
    /** c leaves the key's list, d joins it. */
    private final ReplicaSets moving = new ReplicaSets(List.of("a", "b", "c"), List.of("a", "b", "d"));

    @Test
    void outsideAMoveAMajorityOfTheListIsAQuorum() {
        assertThat(steady.isJoint()).isFalse();
        assertThat(steady.all()).containsExactly("a", "b", "c");
        assertThat(steady.hasMajority(Set.of("a", "c"))).isTrue();
        assertThat(steady.hasMajority(Set.of("a", "d"))).isFalse();
        assertThat(steady.reaches(Set.of("b"), 1)).isTrue();
    }

    @Test
    void duringAMoveAQuorumNeedsAMajorityOfTheOldAndOfTheNewList() {
        assertThat(moving.isJoint()).isTrue();
        assertThat(moving.all()).containsExactly("a", "b", "c", "d");
        assertThat(moving.hasMajority(Set.of("a", "b"))).isTrue();
        assertThat(moving.hasMajority(Set.of("a", "c"))).as("no majority of the new list").isFalse();
        assertThat(moving.hasMajority(Set.of("a", "d"))).as("no majority of the old list").isFalse();
        assertThat(moving.hasMajority(Set.of("a", "c", "d"))).isTrue();
        assertThat(moving.reaches(Set.of("c", "d"), 1)).isTrue();
        assertThat(moving.reaches(Set.of("c"), 1)).isFalse();
    }

    @Test
    void everyJointQuorumMeetsEveryQuorumOfEitherList() {
        List<String> nodes = moving.all();
        for (int a = 0; a < 16; a++) {
            Set<String> first = subset(nodes, a);
            if (!moving.hasMajority(first)) {
                continue;
            }
            for (int b = 0; b < 16; b++) {
                Set<String> second = subset(nodes, b);
                boolean quorumOfOld = ReplicaSets.of(moving.current()).hasMajority(second);
                boolean quorumOfNew = ReplicaSets.of(moving.next()).hasMajority(second);
                if (quorumOfOld || quorumOfNew) {
                    assertThat(first).as("%s and %s", first, second).containsAnyElementsOf(second);
                }
            }
        }
    }

    @Test
    void aMoveThatKeepsTheListIsNoMove() {
        assertThat(new ReplicaSets(List.of("a", "b"), List.of("a", "b")).isJoint()).isFalse();
        assertThat(new ReplicaSets(List.of("a", "b"), List.of()).isJoint()).isFalse();
    }

    private static Set<String> subset(List<String> nodes, int bits) {
        java.util.Set<String> chosen = new java.util.TreeSet<>();
        for (int i = 0; i < nodes.size(); i++) {
            if ((bits & (1 << i)) != 0) {
                chosen.add(nodes.get(i));
            }
        }
        return chosen;
    }
}
