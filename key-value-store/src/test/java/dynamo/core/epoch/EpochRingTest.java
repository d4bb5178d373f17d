package dynamo.core.epoch;

import static org.assertj.core.api.Assertions.assertThat;

import dynamo.core.ring.RingLayout;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** This node's ring: only newer epochs are installed, and what waits for one runs once it is. */
class EpochRingTest {
    private final EpochRing ring = EpochRing.open(new InMemoryRingConfigStore(),
            () -> RingConfig.seed(List.of("a", "b", "c"), new RingLayout.Tokens(1)));

    @Test
    void anActionWaitingForANewerEpochRunsOnTheInstallThatBringsIt() {
        AtomicInteger runs = new AtomicInteger();
        ring.whenNewerThan(1, runs::incrementAndGet);
        assertThat(runs).hasValue(0);
        RingConfig second = ring.config().renumbered();
        assertThat(ring.install(second)).isTrue();
        assertThat(runs).hasValue(1);
        assertThat(ring.install(second)).isFalse(); // not newer: nothing runs again
        ring.install(second.renumbered());
        assertThat(runs).hasValue(1);
    }

    @Test
    void aDroppedWaiterNeverRuns() {
        AtomicInteger runs = new AtomicInteger();
        Runnable stopWaiting = ring.whenNewerThan(1, runs::incrementAndGet);
        stopWaiting.run();
        ring.install(ring.config().renumbered());
        assertThat(runs).hasValue(0);
    }

    @Test
    void anEpochAlreadyPassedRunsTheActionAtOnce() {
        ring.install(ring.config().renumbered());
        AtomicInteger runs = new AtomicInteger();
        ring.whenNewerThan(1, runs::incrementAndGet).run(); // its handle is harmless then
        assertThat(runs).hasValue(1);
    }
}
