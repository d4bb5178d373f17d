package dynamo.webview;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SampleHistoryTest {

    @Test
    void keepsTheLastSamplesOldestFirst() {
        SampleHistory history = new SampleHistory(3);
        for (long at = 1; at <= 5; at++) {
            history.add(new RequestSample(at, 0, 0, 0));
        }
        assertThat(history.samples()).extracting(RequestSample::atMillis).containsExactly(3L, 4L, 5L);
    }

    @Test
    void startsEmpty() {
        assertThat(new SampleHistory(30).samples()).isEmpty();
    }
}
