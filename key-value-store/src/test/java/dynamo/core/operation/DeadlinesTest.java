package dynamo.core.operation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeadlinesTest {
    private final Deadlines deadlines = new Deadlines(new Timeouts(100, 2000, 100, 400));

    @Test
    void aProposerWhoseRoundsAreSlowBacksOffForLongerAndLongerButWithinAQuarterOfTheBudget() {
        assertThat(deadlines.retryBackoffMillis(1, 1)).as("fast rounds, short pauses").isEqualTo(4);
        assertThat(deadlines.retryBackoffMillis(1, 100)).isEqualTo(200);
        assertThat(deadlines.retryBackoffMillis(2, 100)).isEqualTo(400);
        assertThat(deadlines.retryBackoffMillis(3, 100)).isEqualTo(500);
        assertThat(deadlines.retryBackoffMillis(9, 1)).as("doubling stops").isEqualTo(32);
    }

    @Test
    void theHedgeComesAfterAQuarterOfTheBudgetAndAForwardedDeadlineOneReplicaDeadlineEarly() {
        assertThat(deadlines.hedgeMillis()).isEqualTo(500);
        assertThat(deadlines.forwardedDeadline(2000)).isEqualTo(1900);
    }
}
