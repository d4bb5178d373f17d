package dynamo.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WheelTimerSchedulerTest {

    @Test
    void aTaskRunsNoEarlierThanItsDelayAndAtMostAFewTicksLate() throws Exception {
        try (WheelTimerScheduler scheduler = new WheelTimerScheduler()) {
            CountDownLatch ran = new CountDownLatch(1);
            AtomicLong ranAfterNanos = new AtomicLong();
            long start = System.nanoTime();
            scheduler.schedule(() -> {
                ranAfterNanos.set(System.nanoTime() - start);
                ran.countDown();
            }, 100);
            assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(TimeUnit.NANOSECONDS.toMillis(ranAfterNanos.get())).isBetween(100L, 1_000L);
        }
    }

    @Test
    void aCancelledTaskNeverRuns() throws Exception {
        try (WheelTimerScheduler scheduler = new WheelTimerScheduler()) {
            AtomicBoolean cancelledRan = new AtomicBoolean();
            scheduler.schedule(() -> cancelledRan.set(true), 50).cancel();
            CountDownLatch later = new CountDownLatch(1);
            scheduler.schedule(later::countDown, 200);
            assertThat(later.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(cancelledRan).isFalse();
        }
    }

    @Test
    void aFailingTaskDoesNotStopTheTimer() throws Exception {
        try (WheelTimerScheduler scheduler = new WheelTimerScheduler()) {
            scheduler.schedule(() -> {
                throw new IllegalStateException("expected by the test");
            }, 0);
            CountDownLatch next = new CountDownLatch(1);
            scheduler.schedule(next::countDown, 20);
            assertThat(next.await(5, TimeUnit.SECONDS)).isTrue();
        }
    }
}
