package dynamo.bdb;

import static org.assertj.core.api.Assertions.assertThat;

import dynamo.core.version.Ballot;
import dynamo.core.version.BallotClock;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BdbBallotReservationTest {
    @TempDir
    Path dir;

    @Test
    void aReopenedEnvironmentReadsTheReservationBack() {
        try (BdbEnvironment env = new BdbEnvironment(dir); BdbBallotReservation store = new BdbBallotReservation(env)) {
            assertThat(store.reserved()).isZero();
            store.reserve(1_700_000_000_000_000L);
        }
        try (BdbEnvironment env = new BdbEnvironment(dir); BdbBallotReservation store = new BdbBallotReservation(env)) {
            assertThat(store.reserved()).isEqualTo(1_700_000_000_000_000L);
        }
    }

    @Test
    void aClockOnAReopenedEnvironmentStartsAboveTheBallotsOfTheClosedOne() {
        long now = 1_700_000_000_000L;
        Ballot last;
        try (BdbEnvironment env = new BdbEnvironment(dir); BdbBallotReservation store = new BdbBallotReservation(env)) {
            last = new BallotClock("node1", store).above(new Ballot((now + 3_000) * 1000, "node2"), now);
        }
        try (BdbEnvironment env = new BdbEnvironment(dir); BdbBallotReservation store = new BdbBallotReservation(env)) {
            assertThat(new BallotClock("node1", store).above(Ballot.ZERO, now)).isGreaterThan(last);
        }
    }
}
