package dynamo.core.paxos;

import static org.assertj.core.api.Assertions.assertThat;

import dynamo.core.version.Ballot;
import dynamo.core.version.BallotClock;
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
}
