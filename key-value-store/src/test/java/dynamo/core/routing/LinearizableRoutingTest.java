package dynamo.core.routing;

import dynamo.core.operation.OperationHarness;
import dynamo.core.operation.ReplicaSets;
import static org.assertj.core.api.Assertions.assertThat;

import dynamo.core.message.ClientRequest;
import dynamo.core.message.ClientResponse;
import dynamo.core.message.ClientResponse.Status;
import dynamo.core.message.Message.ForwardReply;
import dynamo.core.message.Message.ForwardRequest;
import dynamo.core.message.Message.Prepare;
import dynamo.core.message.Message.ReadRequest;
import dynamo.core.paxos.ProposerCache;
import dynamo.core.ring.Ring;
import dynamo.core.version.ConflictMode;
import dynamo.core.version.Version;
import dynamo.core.version.Versioned;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Routing in linearizable mode: reads run where they arrive, writes go to the key's coordinator under one name. */
class LinearizableRoutingTest {
    private static final Ring RING = new Ring(List.of("n1", "n2", "n3", "n4", "n5"), 8);

    private final OperationHarness h = new OperationHarness(ConflictMode.LINEARIZABLE);
    private final Coordinator coordinator = new Coordinator(h.ctx, () -> RING,
            key -> ReplicaSets.of(RING.preferenceList(key, 3)), h.requests, new ProposerCache(100));

    private static byte[] keyWhere(Predicate<List<String>> wanted) {
        return IntStream.range(0, 100_000).mapToObj(i -> ("key-" + i).getBytes(StandardCharsets.UTF_8))
                .filter(k -> wanted.test(RING.preferenceList(k, 3))).findFirst().orElseThrow();
    }

    @Test
    void aGetOfAKeyCoordinatedElsewhereRunsHereWithoutForwarding() {
        byte[] key = keyWhere(list -> !list.contains("n1"));

        coordinator.submit(ClientRequest.get(key, 2));

        assertThat(h.transport.sent(ForwardRequest.class)).isEmpty();
        assertThat(h.transport.receiversOf(ReadRequest.class)).as("the first two: a majority")
                .containsExactlyElementsOf(RING.preferenceList(key, 3).subList(0, 2));
    }

    @Test
    void aPutThisNodeCoordinatesStartsWithAPrepare() {
        byte[] key = keyWhere(list -> list.get(0).equals("n1"));

        coordinator.submit(ClientRequest.put(key, "v".getBytes(), null, 2));

        assertThat(h.transport.receiversOf(Prepare.class)).containsExactlyElementsOf(RING.preferenceList(key, 3));
    }

    @Test
    void aForwardedPutKeepsItsOperationIdWhenItFailsOver() {
        byte[] key = keyWhere(list -> !list.contains("n1"));
        List<String> replicas = RING.preferenceList(key, 3);

        coordinator.submit(ClientRequest.put(key, "v".getBytes(), null, 2));
        h.advanceHearing(700, replicas.get(1)); // before the second attempt's own hedge time

        List<ForwardRequest> attempts = h.transport.sent(ForwardRequest.class);
        assertThat(attempts).extracting(ForwardRequest::from).containsOnly("n1");
        assertThat(h.transport.receiversOf(ForwardRequest.class)).containsExactly(replicas.get(0), replicas.get(1));
        assertThat(attempts.get(0).request().id()).isNotNull().isEqualTo(attempts.get(1).request().id());
        assertThat(attempts.get(0).request().id().node()).isEqualTo("n1");
    }

    @Test
    void aForwardedPutMovesOnFromACoordinatorThatSeemsUpButIsSlowerThanTheHedge() {
        byte[] key = keyWhere(list -> !list.contains("n1"));
        List<String> replicas = RING.preferenceList(key, 3);

        coordinator.submit(ClientRequest.put(key, "v".getBytes(), null, 2));
        h.advanceHearing(h.ctx.deadlines().hedgeMillis() - 100, replicas.toArray(String[]::new));
        assertThat(h.transport.receiversOf(ForwardRequest.class)).containsExactly(replicas.get(0));
        h.advanceHearing(200, replicas.toArray(String[]::new));

        List<ForwardRequest> attempts = h.transport.sent(ForwardRequest.class);
        assertThat(h.transport.receiversOf(ForwardRequest.class)).containsExactly(replicas.get(0), replicas.get(1));
        assertThat(attempts.get(1).request().id()).isEqualTo(attempts.get(0).request().id());
    }

    @Test
    void aSlowCoordinatorsAnswerStillCountsAfterTheHedgeAskedTheNextOne() {
        byte[] key = keyWhere(list -> !list.contains("n1"));
        List<String> replicas = RING.preferenceList(key, 3);
        CompletableFuture<ClientResponse> result = coordinator.submit(ClientRequest.put(key, "v".getBytes(), null, 2));
        h.advanceHearing(h.ctx.deadlines().hedgeMillis() + 100, replicas.toArray(String[]::new));
        ForwardRequest first = h.transport.sentTo(replicas.get(0), ForwardRequest.class).get(0);
        ForwardRequest second = h.transport.sentTo(replicas.get(1), ForwardRequest.class).get(0);

        h.requests.deliver(new ForwardReply(second.requestId(), replicas.get(1), ClientResponse.unavailable("lost a duel")));
        assertThat(result).as("the first coordinator is still at work").isNotDone();
        h.requests.deliver(new ForwardReply(first.requestId(), replicas.get(0),
                ClientResponse.written(new Versioned("v".getBytes(), Version.NONE))));

        assertThat(result.getNow(null).status()).isEqualTo(Status.WRITTEN);
    }

    @Test
    void twoPutsGetTwoNames() {
        byte[] key = keyWhere(list -> !list.contains("n1"));

        coordinator.submit(ClientRequest.put(key, "a".getBytes(), null, 2));
        coordinator.submit(ClientRequest.put(key, "b".getBytes(), null, 2));

        List<ForwardRequest> sent = h.transport.sent(ForwardRequest.class);
        assertThat(sent.get(0).request().id()).isNotEqualTo(sent.get(1).request().id());
    }

    @Test
    void aRetriedConditionalPutThatLostIsDefinitelyNotApplied() {
        byte[] key = keyWhere(list -> !list.contains("n1"));
        List<String> replicas = RING.preferenceList(key, 3);
        Version from = Version.NONE;
        CompletableFuture<ClientResponse> result = coordinator.submit(ClientRequest.put(key, "v".getBytes(), from, 2));
        h.advanceHearing(700, replicas.get(1));

        ForwardRequest retry = h.transport.sentTo(replicas.get(1), ForwardRequest.class).get(0);
        h.requests.deliver(new ForwardReply(retry.requestId(), replicas.get(1), ClientResponse.rejected()));

        assertThat(result.getNow(ClientResponse.unavailable("not answered")).status()).as("the retry would have found the first attempt had it been chosen")
                .isEqualTo(Status.REJECTED);
    }
}
