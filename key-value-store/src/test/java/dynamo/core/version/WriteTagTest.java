package dynamo.core.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class WriteTagTest {

    @Test
    void ordersByCounterThenNodeIdThenSequence() {
        WriteTag low = new WriteTag(1, "z", 99);
        WriteTag higherCounter = new WriteTag(2, "a", 0);
        WriteTag sameCounterHigherNode = new WriteTag(2, "b", 0);
        WriteTag sameNodeHigherSequence = new WriteTag(2, "b", 1);

        List<WriteTag> shuffled = new ArrayList<>(List.of(sameNodeHigherSequence, low, sameCounterHigherNode,
                higherCounter));
        Collections.sort(shuffled);

        assertThat(shuffled).containsExactly(low, higherCounter, sameCounterHigherNode, sameNodeHigherSequence);
    }

    @Test
    void isAfterIsStrict() {
        WriteTag t = new WriteTag(3, "n1", 4);

        assertThat(t.isAfter(new WriteTag(3, "n1", 3))).isTrue();
        assertThat(t.isAfter(new WriteTag(3, "n1", 4))).isFalse();
        assertThat(t.isAfter(new WriteTag(3, "n2", 0))).isFalse();
        assertThat(t.compareTo(new WriteTag(3, "n1", 4))).isZero();
    }

    @Test
    void zeroPrecedesEveryRealTag() {
        assertThat(new WriteTag(0, "a", 0).isAfter(WriteTag.ZERO)).isTrue();
        assertThat(new WriteTag(1, "", 0).isAfter(WriteTag.ZERO)).isTrue();
        assertThat(WriteTag.ZERO.isAfter(WriteTag.ZERO)).isFalse();
    }

    @Test
    void afterFollowsTheHighestSeenWhateverItsNode() {
        WriteTag seen = new WriteTag(7, "zzz", 1_000);
        WriteTag next = WriteTag.after(seen, "aaa", 1);

        assertThat(next).isEqualTo(new WriteTag(8, "aaa", 1));
        assertThat(next.isAfter(seen)).isTrue();
        assertThat(WriteTag.after(WriteTag.ZERO, "n", 5)).isEqualTo(new WriteTag(1, "n", 5));
    }
}
