package dynamo.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void doublesFromTheBaseUpToTheCap() {
        Backoff backoff = new Backoff(1000, 10_000);
        assertThat(backoff.delayAfter(1)).isEqualTo(1000);
        assertThat(backoff.delayAfter(2)).isEqualTo(2000);
        assertThat(backoff.delayAfter(4)).isEqualTo(8000);
        assertThat(backoff.delayAfter(5)).isEqualTo(10_000);
        assertThat(backoff.delayAfter(1_000_000)).isEqualTo(10_000);
    }

    @Test
    void rejectsACapBelowTheBase() {
        assertThatThrownBy(() -> new Backoff(100, 50)).isInstanceOf(IllegalArgumentException.class);
    }
}
