package dynamo.webview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.codahale.metrics.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RequestSamplerTest {
    private final Timer gets = new Timer();
    private final Timer puts = new Timer();
    private final SampleHistory history = new SampleHistory(30);
    private final AtomicLong now = new AtomicLong(1_000_000);

    @Test
    void rateCountsTheRequestsOfTheIntervalOnly() {
        record(gets, 50, 2);
        RequestSampler sampler = new RequestSampler(gets, puts, history, now::get); // the 50 came before
        record(gets, 30, 2);
        record(puts, 20, 4);
        now.addAndGet(10_000);
        sampler.run();
        record(gets, 5, 2);
        now.addAndGet(10_000);
        sampler.run();

        assertThat(history.samples()).extracting(RequestSample::requestsPerSecond).containsExactly(5.0, 0.5);
        assertThat(history.samples()).extracting(RequestSample::atMillis).containsExactly(1_010_000L, 1_020_000L);
    }

    @Test
    void p99ComesFromEachTimerInMilliseconds() {
        RequestSampler sampler = new RequestSampler(gets, puts, history, now::get);
        record(gets, 100, 3);
        record(puts, 100, 40);
        now.addAndGet(10_000);
        sampler.run();

        RequestSample sample = history.samples().get(0);
        assertThat(sample.getP99Millis()).isCloseTo(3.0, within(1e-6));
        assertThat(sample.putP99Millis()).isCloseTo(40.0, within(1e-6));
    }

    @Test
    void anIdleNodeReportsZero() {
        RequestSampler sampler = new RequestSampler(gets, puts, history, now::get);
        now.addAndGet(10_000);
        sampler.run();
        assertThat(history.samples().get(0)).isEqualTo(new RequestSample(1_010_000L, 0, 0, 0));
    }

    private static void record(Timer timer, int times, long millis) {
        for (int i = 0; i < times; i++) {
            timer.update(millis, TimeUnit.MILLISECONDS);
        }
    }
}
