package dynamo.bdb;

import static org.assertj.core.api.Assertions.assertThat;

import dynamo.core.operation.ManualExecutor;
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
            assertThat(store.reserved()).isEqualTo(1_700_000_000_000_000L);
        }
        try (BdbEnvironment env = new BdbEnvironment(dir); BdbBallotReservation store = new BdbBallotReservation(env)) {
            assertThat(store.reserved()).isEqualTo(1_700_000_000_000_000L);
        }
    }

    @Test
    void aClockOnAReopenedEnvironmentStartsAboveTheBallotsOfTheClosedOne() {
        long now = 1_700_000_000_000L;
        ManualExecutor writer = new ManualExecutor();
        Ballot last;
        try (BdbEnvironment env = new BdbEnvironment(dir); BdbBallotReservation store = new BdbBallotReservation(env)) {
            BallotClock clock = BallotClock.open("node1", store, writer, now);
            last = clock.above(new Ballot((now + 20_000) * 1000, "node2"), now); // followed a peer 20 s ahead
            writer.runAll(); // the extension it asked for, saved on the writer
        }
        try (BdbEnvironment env = new BdbEnvironment(dir); BdbBallotReservation store = new BdbBallotReservation(env)) {
            assertThat(BallotClock.open("node1", store, writer, now).above(Ballot.ZERO, now)).isGreaterThan(last);
        }
    }
}
