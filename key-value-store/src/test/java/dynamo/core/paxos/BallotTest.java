package dynamo.core.paxos;

import static org.assertj.core.api.Assertions.assertThat;

import dynamo.core.version.Ballot;
import dynamo.core.version.BallotClock;
import dynamo.core.version.InMemoryBallotReservation;
import org.junit.jupiter.api.Test;

class BallotTest {

    @Test
    void ordersByCounterThenNode() {
        assertThat(new Ballot(2, "a")).isGreaterThan(new Ballot(1, "z"));
        assertThat(new Ballot(2, "b")).isGreaterThan(new Ballot(2, "a"));
        assertThat(Ballot.ZERO).isLessThan(new Ballot(0, "a"));
    }

    @Test
    void aFreshBallotFollowsTheWallClockAndEverythingSeen() {
        long now = 1_700_000_000_000L;
        Ballot seen = new Ballot(now * 1000 + 500_000_000L, "n9"); // a proposer with a clock ahead

        assertThat(new BallotClock("n1").above(Ballot.ZERO, now).counter()).isEqualTo(now * 1000);
        assertThat(new BallotClock("n1").above(seen, now)).isGreaterThan(seen);
        assertThat(new BallotClock("n1").above(seen, now).timeMillis()).isEqualTo(seen.timeMillis());
    }

    @Test
    void oneNodeNeverHandsOutABallotTwiceEvenWithinOneMillisecond() {
        long now = 1_700_000_000_000L;
        BallotClock clock = new BallotClock("n1");

        Ballot first = clock.above(Ballot.ZERO, now);
        Ballot next = clock.above(first, now); // the promise piggybacked on first's accept
        Ballot other = clock.above(Ballot.ZERO, now); // another operation, same millisecond, nothing seen

        assertThat(next).isGreaterThan(first);
        assertThat(other).isGreaterThan(next);
        assertThat(other.timeMillis()).isEqualTo(now);
    }

    @Test
    void aRestartedNodeStartsAboveEveryBallotItHandedOutEvenThoughItRanAheadOfItsClock() {
        long now = 1_700_000_000_000L;
        InMemoryBallotReservation disk = new InMemoryBallotReservation();
        Ballot peerAhead = new Ballot((now + 5_000) * 1000, "n2"); // a peer whose clock is 5 s ahead
        Ballot lastBeforeCrash = new BallotClock("n1", disk).above(peerAhead, now);

        Ballot firstAfterRestart = new BallotClock("n1", disk).above(Ballot.ZERO, now + 1_000); // up again 1 s later

        assertThat(firstAfterRestart).isGreaterThan(lastBeforeCrash);
    }

    @Test
    void aRestartedNodeWhoseClockSteppedBackStillStartsAboveItsOldBallots() {
        long now = 1_700_000_000_000L;
        InMemoryBallotReservation disk = new InMemoryBallotReservation();
        Ballot lastBeforeCrash = new BallotClock("n1", disk).above(Ballot.ZERO, now);

        assertThat(new BallotClock("n1", disk).above(Ballot.ZERO, now - 60_000)).isGreaterThan(lastBeforeCrash);
    }

    @Test
    void aReservationCoversTenSecondsOfBallotsSoFewAreWritten() {
        long now = 1_700_000_000_000L;
        InMemoryBallotReservation disk = new InMemoryBallotReservation();
        BallotClock clock = new BallotClock("n1", disk);

        for (int ms = 0; ms < 9_000; ms++) {
            clock.above(Ballot.ZERO, now + ms);
        }
        assertThat(disk.saves()).as("9 s of ballots, one a millisecond").isEqualTo(1);
        clock.above(Ballot.ZERO, now + 11_000);
        assertThat(disk.saves()).isEqualTo(2);
        assertThat(disk.reserved()).isGreaterThan((now + 11_000) * 1000);
    }
}
