package dynamo.core.version;

import static dynamo.core.version.Versions.clock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VectorClockTest {

    @Test
    void incrementRaisesOnlyThatNodesCounterAndStampsIt() {
        VectorClock c = clock("a", 2, "b", 5).increment("a", 1_000);

        assertThat(c.counterOf("a")).isEqualTo(3);
        assertThat(c.counterOf("b")).isEqualTo(5);
        assertThat(c.entries()).contains(new ClockEntry("a", 3, 1_000));
        assertThat(VectorClock.EMPTY.increment("z", 7).entries()).containsExactly(new ClockEntry("z", 1, 7));
    }

    @Test
    void counterOfAnUnknownNodeIsZero() {
        assertThat(clock("a", 2).counterOf("b")).isZero();
        assertThat(VectorClock.EMPTY.counterOf("a")).isZero();
    }

    @Test
    void mergeTakesTheHigherCounterPerNode() {
        VectorClock merged = clock("a", 2, "b", 1).merge(clock("a", 1, "c", 3));

        assertThat(merged.counterOf("a")).isEqualTo(2);
        assertThat(merged.counterOf("b")).isEqualTo(1);
        assertThat(merged.counterOf("c")).isEqualTo(3);
        assertThat(merged.entries()).hasSize(3);
        assertThat(merged.covers(clock("a", 2, "b", 1))).isTrue();
        assertThat(merged.covers(clock("a", 1, "c", 3))).isTrue();
    }

    @Test
    void mergeIsCommutativeAndIdempotent() {
        VectorClock x = clock("a", 2, "b", 1);
        VectorClock y = clock("b", 4, "c", 1);

        assertThat(x.merge(y)).isEqualTo(y.merge(x));
        assertThat(x.merge(x)).isEqualTo(x);
        assertThat(x.merge(VectorClock.EMPTY)).isEqualTo(x);
    }

    @Test
    void mergeKeepsTheLatestTimestampOfANode() {
        VectorClock x = new VectorClock(List.of(new ClockEntry("a", 2, 10)));
        VectorClock y = new VectorClock(List.of(new ClockEntry("a", 1, 50)));

        assertThat(x.merge(y).entries()).containsExactly(new ClockEntry("a", 2, 50));
    }

    @Test
    void compareOrdersCausally() {
        assertThat(clock("a", 1).compare(clock("a", 2))).isEqualTo(Occurred.BEFORE);
        assertThat(clock("a", 2).compare(clock("a", 1))).isEqualTo(Occurred.AFTER);
        assertThat(clock("a", 1, "b", 2).compare(clock("b", 2, "a", 1))).isEqualTo(Occurred.EQUAL);
        assertThat(clock("a", 1).compare(clock("b", 1))).isEqualTo(Occurred.CONCURRENT);
        assertThat(clock("a", 2, "b", 1).compare(clock("a", 1, "b", 2))).isEqualTo(Occurred.CONCURRENT);
        assertThat(VectorClock.EMPTY.compare(VectorClock.EMPTY)).isEqualTo(Occurred.EQUAL);
    }

    @Test
    void missingEntriesCountAsZero() {
        assertThat(VectorClock.EMPTY.compare(clock("a", 1))).isEqualTo(Occurred.BEFORE);
        assertThat(clock("a", 1).compare(VectorClock.EMPTY)).isEqualTo(Occurred.AFTER);
        assertThat(clock("a", 1).compare(clock("a", 1, "b", 1))).isEqualTo(Occurred.BEFORE);
        assertThat(clock("a", 1, "b", 1).compare(clock("a", 1))).isEqualTo(Occurred.AFTER);
        assertThat(clock("a", 1, "b", 0).compare(clock("a", 1))).isEqualTo(Occurred.EQUAL);
        assertThat(clock("a", 1).compare(clock("a", 1, "b", 0))).isEqualTo(Occurred.EQUAL);
    }

    @Test
    void incrementedClockComesAfterItsParent() {
        VectorClock parent = clock("a", 3, "b", 1);
        VectorClock child = parent.increment("c", 99);

        assertThat(child.compare(parent)).isEqualTo(Occurred.AFTER);
        assertThat(parent.compare(child)).isEqualTo(Occurred.BEFORE);
    }

    @Test
    void coversMeansAfterOrEqual() {
        VectorClock c = clock("a", 2, "b", 1);

        assertThat(c.covers(clock("a", 1))).isTrue();
        assertThat(c.covers(clock("a", 2, "b", 1))).isTrue();
        assertThat(c.covers(VectorClock.EMPTY)).isTrue();
        assertThat(c.covers(clock("a", 3))).isFalse();
        assertThat(c.covers(clock("c", 1))).isFalse();
        assertThat(VectorClock.EMPTY.covers(c)).isFalse();
    }

    @Test
    void entriesAreSortedByNodeId() {
        VectorClock c = VectorClock.EMPTY.increment("c", 1).increment("a", 2).increment("b", 3);

        assertThat(c.entries()).extracting(ClockEntry::nodeId).containsExactly("a", "b", "c");
    }

    @Test
    void incrementBeyondTenEntriesDropsTheOldestTimestamp() {
        VectorClock c = VectorClock.EMPTY;
        // Node ids sort in the opposite order of their timestamps, so "oldest" cannot be confused with "first".
        for (int i = 0; i < VectorClock.MAX_ENTRIES; i++) {
            c = c.increment("node-" + (char) ('z' - i), 100 + i);
        }
        assertThat(c.entries()).hasSize(10);

        VectorClock trimmed = c.increment("node-new", 500);

        assertThat(trimmed.entries()).hasSize(10);
        assertThat(trimmed.counterOf("node-z")).as("oldest timestamp, dropped").isZero();
        assertThat(trimmed.counterOf("node-y")).isEqualTo(1);
        assertThat(trimmed.counterOf("node-new")).isEqualTo(1);
    }

    @Test
    void incrementingAnExistingEntryOfAFullClockDropsNothing() {
        VectorClock c = VectorClock.EMPTY;
        for (int i = 0; i < VectorClock.MAX_ENTRIES; i++) {
            c = c.increment("n" + i, 100 + i);
        }
        VectorClock next = c.increment("n0", 900);

        assertThat(next.entries()).hasSize(10);
        assertThat(next.counterOf("n0")).isEqualTo(2);
        assertThat(next.counterOf("n1")).isEqualTo(1);
    }

    @Test
    void mergeBeyondTenEntriesDropsTheOldestTimestamps() {
        List<ClockEntry> left = new ArrayList<>();
        List<ClockEntry> right = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            left.add(new ClockEntry("l" + i, 1, 10 + i));
            right.add(new ClockEntry("r" + i, 1, 20 + i));
        }
        VectorClock merged = new VectorClock(left).merge(new VectorClock(right));

        assertThat(merged.entries()).hasSize(10);
        assertThat(merged.entries()).extracting(ClockEntry::nodeId).doesNotContain("l0", "l1");
        assertThat(merged.entries()).extracting(ClockEntry::timestamp).allMatch(t -> t >= 12);
    }

    @Test
    void isImmutable() {
        List<ClockEntry> source = new ArrayList<>(List.of(new ClockEntry("a", 1, 1)));
        VectorClock c = new VectorClock(source);
        source.add(new ClockEntry("b", 1, 1));

        assertThat(c.entries()).hasSize(1);
        assertThatThrownBy(() -> c.entries().add(new ClockEntry("c", 1, 1)))
                .isInstanceOf(UnsupportedOperationException.class);

        VectorClock before = clock("a", 1);
        before.increment("a", 5);
        before.merge(clock("b", 3));
        assertThat(before).isEqualTo(clock("a", 1));
        assertThat(VectorClock.EMPTY.entries()).isEmpty();
    }
}
