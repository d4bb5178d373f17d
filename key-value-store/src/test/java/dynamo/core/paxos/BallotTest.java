package dynamo.core.paxos;

import static org.assertj.core.api.Assertions.assertThat;

import dynamo.core.version.Ballot;
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

        assertThat(Ballot.above(Ballot.ZERO, "n1", now).counter()).isEqualTo(now * 1000);
        assertThat(Ballot.above(seen, "n1", now)).isGreaterThan(seen);
        assertThat(Ballot.above(seen, "n1", now).timeMillis()).isEqualTo(seen.timeMillis());
    }

    @Test
    void theSuccessorIsTheSameProposersNextBallot() {
        Ballot b = new Ballot(41, "n1");

        assertThat(b.successor()).isEqualTo(new Ballot(42, "n1")).isGreaterThan(b);
    }
}
