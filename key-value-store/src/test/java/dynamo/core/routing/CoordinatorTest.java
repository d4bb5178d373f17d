package dynamo.core.routing;

import dynamo.core.operation.NodeEvents;
import dynamo.core.operation.OperationHarness;
import dynamo.core.operation.ReplicaSets;
import dynamo.core.operation.Timeouts;
import static dynamo.core.version.Versions.value;
import static org.assertj.core.api.Assertions.assertThat;

import dynamo.core.message.ClientRequest;
import dynamo.core.message.ClientResponse;
import dynamo.core.message.ClientResponse.Status;
import dynamo.core.message.Message.ForwardReply;
import dynamo.core.message.Message.ForwardRequest;
import dynamo.core.message.Message.ReadReply;
import dynamo.core.message.Message.ReadRequest;
import dynamo.core.message.Message.WriteReply;
import dynamo.core.message.Message.WriteRequest;
import dynamo.core.paxos.ProposerCache;
import dynamo.core.ring.Ring;
import dynamo.core.version.ConflictMode;
import dynamo.core.version.Versioned;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CoordinatorTest {
    private static final Ring RING = new Ring(List.of("n1", "n2", "n3", "n4", "n5"), 8);
    private static final Versioned STORED = value("v", "n2", 1);

    private final List<ClientResponse> coordinated = new ArrayList<>();
    private int forwarded;
    private final OperationHarness h = new OperationHarness(ConflictMode.SIBLINGS, new NodeEvents() {
        @Override
        public void forwarded() {
            forwarded++;
        }

        @Override
        public void coordinated(ClientRequest request, ClientResponse response, long millis) {
            coordinated.add(response);
        }
    });
    private final Coordinator coordinator = new Coordinator(h.ctx, () -> RING,
            key -> ReplicaSets.of(RING.preferenceList(key, 3)), h.requests, new ProposerCache(1000));

    /** A key whose N=3 preference list satisfies {@code wanted}. */
    private static byte[] keyWhere(Predicate<List<String>> wanted) {
        return IntStream.range(0, 100_000).mapToObj(i -> ("key-" + i).getBytes(StandardCharsets.UTF_8))
                .filter(k -> wanted.test(RING.preferenceList(k, 3))).findFirst().orElseThrow();
    }

    private static List<String> replicasOf(byte[] key) {
        return RING.preferenceList(key, 3);
    }

    /** Answers every read request sent so far, from its receiver, with {@code versions}. */
    private void answerReads(Versioned... versions) {
        for (var sent : h.transport.sent()) {
            if (sent.message() instanceof ReadRequest read) {
                h.requests.deliver(new ReadReply(read.requestId(), sent.to(), List.of(versions)));
            }
        }
    }

    @Test
    void aKeyThisNodeCoordinatesRunsHere() {
        byte[] key = keyWhere(list -> list.get(0).equals("n1"));

        CompletableFuture<ClientResponse> result = coordinator.submit(ClientRequest.get(key, 2));

        assertThat(h.transport.receiversOf(ReadRequest.class)).containsExactlyElementsOf(replicasOf(key));
        assertThat(h.transport.sent(ForwardRequest.class)).isEmpty();
        answerReads(STORED);
        assertThat(result.join().versions()).containsExactly(STORED);
        assertThat(forwarded).isZero();
        assertThat(coordinated).containsExactly(result.join());
    }

    @Test
    void aKeyAnotherLiveNodeCoordinatesIsForwardedAndItsAnswerRelayed() {
        byte[] key = keyWhere(list -> !list.get(0).equals("n1"));
        String owner = replicasOf(key).get(0);
        ClientRequest request = ClientRequest.get(key, 2);

        CompletableFuture<ClientResponse> result = coordinator.submit(request);

        assertThat(h.transport.sent(ReadRequest.class)).isEmpty();
        ForwardRequest forward = h.transport.sentTo(owner, ForwardRequest.class).get(0);
        assertThat(h.transport.sent(ForwardRequest.class)).hasSize(1);
        assertThat(forward.request()).isEqualTo(request);
        assertThat(forward.from()).isEqualTo("n1");
        assertThat(forwarded).isEqualTo(1);

        ClientResponse remote = ClientResponse.found(List.of(STORED));
        h.requests.deliver(new ForwardReply(forward.requestId(), owner, remote));

        assertThat(result).isCompletedWithValue(remote);
        assertThat(coordinated).as("only coordinated requests are reported as such").isEmpty();
    }

    @Test
    void aForwardedRequestWithoutAnswerIsUnavailableAtTheDeadline() {
        byte[] key = keyWhere(list -> !list.get(0).equals("n1"));

        CompletableFuture<ClientResponse> result = coordinator.submit(ClientRequest.get(key, 2));
        h.scheduler.advance(OperationHarness.TIMEOUTS.replicaMillis());
        assertThat(h.detector.seemsUp(replicasOf(key).get(0))).as("a slow coordinator still seems up").isTrue();
        h.scheduler.advance(OperationHarness.TIMEOUTS.requestMillis() - OperationHarness.TIMEOUTS.replicaMillis());

        assertThat(result.join().status()).isEqualTo(Status.UNAVAILABLE);
    }

    /** Long enough for a coordinator that stopped answering probes to be suspected, and the forwarder to notice. */
    private static final long ATTEMPT = 1000;

    /** Lets an attempt run for a while as {@code stillHeard} keep answering probes and the others fall silent. */
    private void silentAttempt(String... stillHeard) {
        h.advanceHearing(ATTEMPT, stillHeard);
    }

    @Test
    void anAnsweredUnavailableIsRelayedNotRetried() {
        byte[] key = keyWhere(list -> !list.contains("n1"));
        CompletableFuture<ClientResponse> result = coordinator.submit(ClientRequest.get(key, 2));
        ForwardRequest forward = h.transport.sent(ForwardRequest.class).get(0);

        h.requests.deliver(new ForwardReply(forward.requestId(), replicasOf(key).get(0),
                ClientResponse.unavailable("remote quorum failed")));
        h.scheduler.advance(ATTEMPT);

        assertThat(result.join().status()).isEqualTo(Status.UNAVAILABLE);
        assertThat(h.transport.sent(ForwardRequest.class)).hasSize(1);
    }

    @Test
    void aGetWhoseCoordinatorGoesSilentMovesToTheNextCandidate() {
        byte[] key = keyWhere(list -> !list.contains("n1"));
        List<String> replicas = replicasOf(key);
        CompletableFuture<ClientResponse> result = coordinator.submit(ClientRequest.get(key, 2));

        silentAttempt(replicas.get(1));

        assertThat(h.transport.receiversOf(ForwardRequest.class)).containsExactly(replicas.get(0), replicas.get(1));
        ForwardRequest retry = h.transport.sentTo(replicas.get(1), ForwardRequest.class).get(0);
        ClientResponse remote = ClientResponse.found(List.of(STORED));
        h.requests.deliver(new ForwardReply(retry.requestId(), replicas.get(1), remote));
        assertThat(result).isCompletedWithValue(remote);
        assertThat(forwarded).isEqualTo(2);
    }

    @Test
    void aGetFailsOverToThisNodeWhenItIsTheNextCandidate() {
        byte[] key = keyWhere(list -> list.get(1).equals("n1"));
        coordinator.submit(ClientRequest.get(key, 2));

        silentAttempt();

        assertThat(h.transport.sent(ForwardRequest.class)).hasSize(1);
        assertThat(h.transport.receiversOf(ReadRequest.class)).containsExactlyElementsOf(replicasOf(key));
    }

    @Test
    void aPutIsNotRetriedWhileItsSilentCoordinatorMayStillBeAlive() {
        byte[] key = keyWhere(list -> !list.contains("n1"));
        List<String> replicas = replicasOf(key);
        CompletableFuture<ClientResponse> result = coordinator.submit(ClientRequest.put(key, "v".getBytes(), null, 2));

        silentAttempt(replicas.get(0), replicas.get(1));
        silentAttempt(replicas.get(0), replicas.get(1));

        assertThat(h.transport.sent(ForwardRequest.class)).as("the write may be running: never twice").hasSize(1);
        assertThat(result.join().status()).isEqualTo(Status.UNAVAILABLE);
    }

    @Test
    void aPutMovesOnOnceItsSilentCoordinatorIsSuspected() {
        byte[] key = keyWhere(list -> !list.contains("n1"));
        List<String> replicas = replicasOf(key);
        CompletableFuture<ClientResponse> result = coordinator.submit(ClientRequest.put(key, "v".getBytes(), null, 2));

        silentAttempt(replicas.get(1));

        assertThat(h.transport.receiversOf(ForwardRequest.class)).containsExactly(replicas.get(0), replicas.get(1));
        assertThat(result).isNotDone();
    }

    @Test
    void failoverStaysWithinTheClientsDeadline() {
        byte[] key = keyWhere(list -> !list.contains("n1"));
        List<String> replicas = replicasOf(key);
        long arrived = h.scheduler.nowMillis();
        CompletableFuture<ClientResponse> result = coordinator.submit(ClientRequest.get(key, 2));

        silentAttempt(replicas.get(1), replicas.get(2));
        silentAttempt(replicas.get(2));
        h.scheduler.advance(OperationHarness.TIMEOUTS.requestMillis() - 2 * ATTEMPT);

        List<ForwardRequest> attempts = h.transport.sent(ForwardRequest.class);
        assertThat(h.transport.receiversOf(ForwardRequest.class)).containsExactlyElementsOf(replicas);
        assertThat(attempts).extracting(ForwardRequest::deadlineAtMillis).as("every attempt ends before the request")
                .containsOnly(arrived + OperationHarness.TIMEOUTS.requestMillis() - OperationHarness.TIMEOUTS.replicaMillis());
        assertThat(result.join().status()).isEqualTo(Status.UNAVAILABLE);
    }

    @Test
    void aSuspectedCoordinatorIsReplacedByTheNextNodeWhenThatIsThisNode() {
        byte[] key = keyWhere(list -> list.get(1).equals("n1"));
        h.detector.unreachable(replicasOf(key).get(0));

        coordinator.submit(ClientRequest.get(key, 2));

        assertThat(h.transport.sent(ForwardRequest.class)).isEmpty();
        assertThat(h.transport.receiversOf(ReadRequest.class)).containsExactlyElementsOf(replicasOf(key));
    }

    @Test
    void aSuspectedCoordinatorIsReplacedByTheNextLiveNode() {
        byte[] key = keyWhere(list -> !list.contains("n1"));
        List<String> replicas = replicasOf(key);
        h.detector.unreachable(replicas.get(0));

        coordinator.submit(ClientRequest.get(key, 2));

        assertThat(h.transport.receiversOf(ForwardRequest.class)).containsExactly(replicas.get(1));
    }

    @Test
    void aMissedReplicaDeadlineAloneDoesNotMoveCoordination() {
        byte[] key = keyWhere(list -> !list.contains("n1"));
        List<String> replicas = replicasOf(key);
        coordinator.submit(ClientRequest.get(key, 2));
        h.scheduler.advance(OperationHarness.TIMEOUTS.replicaMillis()); // the first forward misses its deadline
        h.transport.clear();

        coordinator.submit(ClientRequest.get(key, 2));

        assertThat(h.transport.receiversOf(ForwardRequest.class)).containsExactly(replicas.get(0));
    }

    @Test
    void withEveryReplicaSuspectedThisNodeCoordinates() {
        byte[] key = keyWhere(list -> !list.contains("n1"));
        replicasOf(key).forEach(h.detector::unreachable);

        coordinator.submit(ClientRequest.get(key, 2));

        assertThat(h.transport.sent(ForwardRequest.class)).isEmpty();
        assertThat(h.transport.receiversOf(ReadRequest.class)).containsExactlyElementsOf(replicasOf(key));
    }

    @Test
    void aForwardedRequestIsAlwaysRunHereSoForwardingNeverLoops() {
        byte[] key = keyWhere(list -> list.get(0).equals("n2"));
        ClientRequest request = ClientRequest.get(key, 2);

        coordinator.onForward(new ForwardRequest(77, "n3", request,
                h.scheduler.nowMillis() + OperationHarness.TIMEOUTS.requestMillis()));

        assertThat(h.transport.sent(ForwardRequest.class)).isEmpty();
        assertThat(h.transport.receiversOf(ReadRequest.class)).containsExactlyElementsOf(replicasOf(key));
        answerReads(STORED);
        assertThat(h.transport.sentTo("n3", ForwardReply.class)).singleElement().satisfies(reply -> {
            assertThat(reply.requestId()).isEqualTo(77);
            assertThat(reply.from()).isEqualTo("n1");
            assertThat(reply.response().status()).isEqualTo(Status.FOUND);
            assertThat(reply.response().versions()).containsExactly(STORED);
        });
    }

    @Test
    void aForwardedRequestIsAnsweredBeforeTheForwardersDeadline() {
        byte[] key = keyWhere(list -> list.get(0).equals("n1"));
        Timeouts t = OperationHarness.TIMEOUTS;

        long forwarderDeadline = h.scheduler.nowMillis() + t.requestMillis();
        coordinator.onForward(new ForwardRequest(5, "n3", ClientRequest.get(key, 2),
                h.ctx.deadlines().forwardedDeadline(forwarderDeadline)));
        h.scheduler.advance(t.requestMillis() - t.replicaMillis());

        assertThat(h.transport.sentTo("n3", ForwardReply.class)).singleElement()
                .satisfies(reply -> assertThat(reply.response().status()).isEqualTo(Status.UNAVAILABLE));
    }

    @Test
    void aForwardedRequestThatArrivesAfterItsDeadlineIsNotRun() {
        byte[] key = keyWhere(list -> list.get(0).equals("n1"));
        long deadline = h.scheduler.nowMillis() + 500;
        h.scheduler.advance(10_000); // this node was paused with the request in its queue

        coordinator.onForward(new ForwardRequest(6, "n3", ClientRequest.put(key, "v".getBytes(), null, 2), deadline));

        assertThat(h.transport.sent()).singleElement().satisfies(sent -> {
            assertThat(sent.message()).isInstanceOf(ForwardReply.class);
            assertThat(((ForwardReply) sent.message()).response().status()).isEqualTo(Status.UNAVAILABLE);
        });
    }

    @Test
    void putsOfOneKeyRunOneAfterAnother() {
        byte[] key = keyWhere(list -> list.get(0).equals("n1"));
        CompletableFuture<ClientResponse> first = coordinator.submit(ClientRequest.put(key, "1".getBytes(), null, 2));
        CompletableFuture<ClientResponse> second = coordinator.submit(ClientRequest.put(key, "2".getBytes(), null, 2));
        List<ReadRequest> reads = h.transport.sent(ReadRequest.class);
        assertThat(reads).hasSize(3).allSatisfy(r -> assertThat(r.requestId()).isEqualTo(reads.get(0).requestId()));

        answerReads();
        for (String replica : replicasOf(key)) {
            h.requests.deliver(new WriteReply(reads.get(0).requestId(), replica));
        }

        assertThat(first.join().status()).isEqualTo(Status.WRITTEN);
        assertThat(second).isNotDone();
        assertThat(h.transport.sent(ReadRequest.class)).as("the second put starts only now").hasSize(6);
    }

    @Test
    void aPutSendsHintsToTheNodesAfterThePreferenceList() {
        byte[] key = keyWhere(list -> list.get(0).equals("n1"));
        List<String> ringOrder = RING.preferenceList(key, 5);
        String down = ringOrder.get(2);
        h.detector.unreachable(down);

        coordinator.submit(ClientRequest.put(key, "v".getBytes(), null, 2));
        answerReads();

        assertThat(h.transport.sentTo(ringOrder.get(3), WriteRequest.class)).singleElement()
                .satisfies(hint -> assertThat(hint.hintFor()).isEqualTo(down));
    }
}
