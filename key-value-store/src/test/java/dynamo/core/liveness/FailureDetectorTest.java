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
        assertThat(detector.seemsUp("peer")).isTrue();

        clock.advance(1);
        assertThat(detector.seemsUp("peer")).isFalse();
    }

    @Test
    void aPeerNeverHeardFromSeemsUpButIsNotHeardLately() {
        assertThat(detector.seemsUp("peer")).isTrue();
        assertThat(detector.heardLately("peer")).isFalse();
        assertThat(detector.heardLately("self")).as("this node itself").isTrue();

        detector.heard("peer");
        clock.advance(399);
        assertThat(detector.heardLately("peer")).isTrue();

        clock.advance(1);
        assertThat(detector.heardLately("peer")).as("silent for the suspicion period").isFalse();
    }

    @Test
    void hearingFromAPeerRestartsItsSilence() {
        clock.advance(300);
        detector.heard("peer");
        clock.advance(400);
        assertThat(detector.seemsUp("peer")).isTrue();

        clock.advance(1);
        assertThat(detector.seemsUp("peer")).isFalse();
    }

    @Test
    void aSilentPeerIsTrustedAgainWhenHeardAndRecoveryIsReported() {
        clock.advance(500);
        assertThat(detector.seemsUp("peer")).isFalse();

        detector.heard("peer");

        assertThat(detector.seemsUp("peer")).isTrue();
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
    void anUnreachablePeerIsDownAtOnceAndUntilHeard() {
        detector.heard("peer");
        clock.advance(10);

        detector.unreachable("peer");
        assertThat(detector.seemsUp("peer")).isFalse();
        clock.advance(10_000);
        assertThat(detector.seemsUp("peer")).isFalse();

        detector.heard("peer");
        assertThat(detector.seemsUp("peer")).isTrue();
        assertThat(recovered).containsExactly("peer");
    }

    @Test
    void unreachableInTheSameMillisecondAsTheLastMessageStillCounts() {
        detector.heard("peer");
        detector.unreachable("peer");

        assertThat(detector.seemsUp("peer")).isFalse();
    }

    @Test
    void oneUnreachablePeerLeavesOthersAlone() {
        detector.unreachable("a");

        assertThat(detector.seemsUp("a")).isFalse();
        assertThat(detector.seemsUp("b")).isTrue();
    }

    @Test
    void selfAlwaysSeemsUp() {
        detector.unreachable("self");
        clock.advance(100_000);

        assertThat(detector.seemsUp("self")).isTrue();
    }

    @Test
    void everyRecoveryListenerHearsEveryRecovery() {
        List<String> second = new ArrayList<>();
        detector.onRecovery(second::add);
        detector.unreachable("a");
        detector.unreachable("b");

        detector.heard("a");
        detector.heard("b");
        detector.heard("a");

        assertThat(recovered).containsExactly("a", "b");
        assertThat(second).containsExactly("a", "b");
    }

    @Test
    void silenceDuringAStallOfThisNodeIsNotHeldAgainstItsPeers() {
        detector.heartbeat();
        detector.heard("peer");
        clock.advance(100);
        detector.heartbeat();

        clock.advance(3_000); // this node stood still: no heartbeat, nothing heard
        assertThat(detector.seemsUp("peer")).as("before the late heartbeat").isTrue();
        detector.heartbeat();
        assertThat(detector.seemsUp("peer")).as("after it: a fresh suspicion period").isTrue();

        for (int i = 0; i < 4; i++) {
            clock.advance(100);
            detector.heartbeat();
        }
        assertThat(detector.seemsUp("peer")).isTrue();
        clock.advance(100);
        detector.heartbeat();
        assertThat(detector.seemsUp("peer")).as("still silent a suspicion period after the stall").isFalse();
    }

    @Test
    void anUnreachablePeerIsDownEvenDuringAStall() {
        detector.heartbeat();
        detector.unreachable("peer");
        clock.advance(3_000);

        assertThat(detector.seemsUp("peer")).isFalse();
    }

    @Test
    void heartbeatsOnTimeChangeNothing() {
        detector.heard("peer");
        for (int i = 0; i < 5; i++) {
            detector.heartbeat();
            clock.advance(100);
        }
        detector.heartbeat();

        assertThat(detector.seemsUp("peer")).as("500 ms of silence while running on time").isFalse();
    }

    @Test
    void downForCountsFromTheRefusalOrFromTheEndOfTheSuspicionPeriod() {
        detector.heard("crashed");
        detector.heard("silent");
        clock.advance(50);
        detector.unreachable("crashed");
        assertThat(detector.downForMillis("crashed")).isZero();
        clock.advance(350);
        assertThat(detector.downForMillis("crashed")).isEqualTo(350);
        assertThat(detector.downForMillis("silent")).as("silent 400 ms: still up").isZero();

        detector.unreachable("crashed"); // a reconnect that failed again
        assertThat(detector.downForMillis("crashed")).as("counted from the first refusal").isEqualTo(350);

        clock.advance(300);
        assertThat(detector.downForMillis("silent")).isEqualTo(300);
        detector.heard("silent");
        assertThat(detector.downForMillis("silent")).isZero();
    }
}
