package dynamo.core.epoch;

import static org.assertj.core.api.Assertions.assertThat;

import dynamo.core.operation.ManualScheduler;
import dynamo.core.message.ClientResponse;
import dynamo.core.message.Message;
import dynamo.core.ring.RingLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A request refused for a stale ring runs once more on the newer one, and that run's answer counts. */
class StaleRingRetryTest {
    private static final long MAX_WAIT = 800;

    private final ManualScheduler scheduler = new ManualScheduler(1_000);
    private final EpochRing ring = EpochRing.open(new InMemoryRingConfigStore(),
            () -> RingConfig.seed(List.of("a", "b", "c"), new RingLayout.Tokens(1)));
    private final List<String> fetchedFrom = new ArrayList<>();
    private final StaleRingRetry retry = new StaleRingRetry(ring, scheduler, MAX_WAIT, fetchedFrom::add);
    private final ClientResponse refused = EpochFence.refused(new Message.StaleEpoch(1, "b", 1, 2));

    @Test
    void aRetryStillRunningWhenTheWaitEndsIsTheAnswer() {
        CompletableFuture<ClientResponse> second = new CompletableFuture<>();
        CompletableFuture<ClientResponse> answer = retry.after(refused, 1, 1_000 + 2_000, () -> second);
        assertThat(fetchedFrom).containsExactly("b");

        scheduler.advance(100);
        ring.install(ring.config().renumbered()); // the fetched config arrives
        scheduler.advance(1);
        scheduler.advance(MAX_WAIT); // the retry is slow: the wait is over before it answers
        assertThat(answer).as("the retry under way decides").isNotDone();

        second.complete(ClientResponse.rejected());
        assertThat(answer.join().status()).isEqualTo(ClientResponse.Status.REJECTED);
    }

    @Test
    void withoutTheNewerRingTheRefusalIsTheAnswer() {
        CompletableFuture<ClientResponse> answer = retry.after(refused, 1, 1_000 + 2_000,
                () -> CompletableFuture.completedFuture(ClientResponse.rejected()));
        scheduler.advance(MAX_WAIT);

        assertThat(answer.join()).isEqualTo(refused);
        ring.install(ring.config().renumbered());
        scheduler.advance(1);
        assertThat(answer.join()).as("no retry once the wait gave up").isEqualTo(refused);
    }
}
