package dynamo.core.liveness;

import dynamo.core.operation.ManualScheduler;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailureDetectorTest {
    private final ManualScheduler clock = new ManualScheduler(50_000);
    private final FailureDetector detector = new FailureDetector("self", clock, 400);
    private final List<String> recovered = new ArrayList<>();

    FailureDetectorTest() {
        detector.onRecovery(recovered::add);
    }

    @Test
    void peersAreTrustedUntilSilentForTooLong() {
        clock.advance(400);
        assertThat(detector.isAlive("peer")).isTrue();

        clock.advance(1);
        assertThat(detector.isAlive("peer")).isFalse();
    }

    @Test
    void hearingFromAPeerRestartsItsSilence() {
        clock.advance(300);
        detector.heard("peer");
        clock.advance(400);
        assertThat(detector.isAlive("peer")).isTrue();

        clock.advance(1);
        assertThat(detector.isAlive("peer")).isFalse();
    }

    @Test
    void aSilentPeerIsTrustedAgainWhenHeardAndRecoveryIsReported() {
        clock.advance(500);
        assertThat(detector.isAlive("peer")).isFalse();

        detector.heard("peer");

        assertThat(detector.isAlive("peer")).isTrue();
        assertThat(recovered).containsExactly("peer");
    }

    @Test
    void hearingFromALivePeerReportsNoRecovery() {
        detector.heard("peer");
        clock.advance(100);
        detector.heard("peer");

        assertThat(recovered).isEmpty();
    }

    @Test
    void aMissedDeadlineSuspectsAtOnceAndUntilHeard() {
        detector.heard("peer");
        clock.advance(10);

        detector.missedDeadline("peer");
        assertThat(detector.isAlive("peer")).isFalse();
        clock.advance(10_000);
        assertThat(detector.isAlive("peer")).isFalse();

        detector.heard("peer");
        assertThat(detector.isAlive("peer")).isTrue();
        assertThat(recovered).containsExactly("peer");
    }

    @Test
    void aMissedDeadlineInTheSameMillisecondAsTheLastMessageStillSuspects() {
        detector.heard("peer");
        detector.missedDeadline("peer");

        assertThat(detector.isAlive("peer")).isFalse();
    }

    @Test
    void suspicionOfOnePeerLeavesOthersAlone() {
        detector.missedDeadline("a");

        assertThat(detector.isAlive("a")).isFalse();
        assertThat(detector.isAlive("b")).isTrue();
    }

    @Test
    void selfIsAlwaysAlive() {
        detector.missedDeadline("self");
        clock.advance(100_000);

        assertThat(detector.isAlive("self")).isTrue();
    }

    @Test
    void everyRecoveryListenerHearsEveryRecovery() {
        List<String> second = new ArrayList<>();
        detector.onRecovery(second::add);
        detector.missedDeadline("a");
        detector.missedDeadline("b");

        detector.heard("a");
        detector.heard("b");
        detector.heard("a");

        assertThat(recovered).containsExactly("a", "b");
        assertThat(second).containsExactly("a", "b");
    }
}
