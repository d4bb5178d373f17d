package dynamo.core.operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class QuorumTest {

    @ParameterizedTest
    @CsvSource({"3,2,2", "3,1,3", "3,3,1", "1,1,1", "5,3,3"})
    void acceptsRAndWWithinOneToN(int n, int r, int w) {
        Quorum q = new Quorum(n, r, w);
        assertThat(q.n()).isEqualTo(n);
        assertThat(q.r()).isEqualTo(r);
        assertThat(q.w()).isEqualTo(w);
    }

    @ParameterizedTest
    @CsvSource({"3,0,2", "3,2,0", "3,4,2", "3,2,4", "0,1,1", "3,-1,2", "-1,1,1"})
    void rejectsRAndWOutsideOneToN(int n, int r, int w) {
        assertThatThrownBy(() -> new Quorum(n, r, w)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void inRangeChecksOneToN() {
        assertThat(Quorum.inRange(1, 3)).isTrue();
        assertThat(Quorum.inRange(3, 3)).isTrue();
        assertThat(Quorum.inRange(0, 3)).isFalse();
        assertThat(Quorum.inRange(4, 3)).isFalse();
    }

    @Test
    void overlappingWhenRPlusWExceedsN() {
        assertThat(new Quorum(3, 2, 2).overlapping()).isTrue();
        assertThat(new Quorum(3, 1, 3).overlapping()).isTrue();
        assertThat(new Quorum(3, 1, 2).overlapping()).isFalse();
        assertThat(new Quorum(3, 1, 1).overlapping()).isFalse();
        assertThat(new Quorum(5, 3, 3).overlapping()).isTrue();
        assertThat(new Quorum(5, 2, 3).overlapping()).isFalse();
    }

    @Test
    void reachedAtTheRequiredCount() {
        assertThat(Quorum.reached(1, 2)).isFalse();
        assertThat(Quorum.reached(2, 2)).isTrue();
        assertThat(Quorum.reached(3, 2)).isTrue();
    }

}
