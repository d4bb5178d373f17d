package dynamo.core.antientropy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RangeIndexTest {

    @Test
    void findsTheOneDisjointRangeHoldingAPosition() {
        KeyRange low = new KeyRange(0, 100);
        KeyRange high = new KeyRange(500, 1000);
        KeyRange wrapping = new KeyRange(-50, -10);
        RangeIndex index = new RangeIndex(List.of(high, wrapping, low));
        assertThat(index.containing(1)).containsExactly(low);
        assertThat(index.containing(100)).containsExactly(low);
        assertThat(index.containing(101)).isEmpty();
        assertThat(index.containing(1000)).containsExactly(high);
        assertThat(index.containing(-20)).containsExactly(wrapping);
        assertThat(index.containing(-5)).as("past the highest end, in no range").isEmpty();
    }

    @Test
    void overlappingRangesAreAllFound() {
        KeyRange wide = new KeyRange(0, 1000);
        KeyRange inner = new KeyRange(100, 200);
        RangeIndex index = new RangeIndex(List.of(wide, inner));
        assertThat(index.containing(150)).containsExactlyInAnyOrder(wide, inner);
        assertThat(index.containing(50)).containsExactly(wide);
        RangeIndex withWhole = new RangeIndex(List.of(new KeyRange(3, 3), inner));
        assertThat(withWhole.containing(150)).hasSize(2);
        assertThat(withWhole.containing(-1)).containsExactly(new KeyRange(3, 3));
    }

    @Test
    void aWholeRingRangeAloneHoldsEverything() {
        RangeIndex index = new RangeIndex(List.of(new KeyRange(42, 42)));
        assertThat(index.containing(Long.MIN_VALUE)).hasSize(1);
        assertThat(index.containing(42)).hasSize(1);
        assertThat(new RangeIndex(List.of()).isEmpty()).isTrue();
    }
}
