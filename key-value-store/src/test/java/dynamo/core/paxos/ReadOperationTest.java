package dynamo.core.paxos;

import dynamo.core.operation.ReplicaSets;
import static dynamo.core.paxos.PaxosHarness.text;
import static org.assertj.core.api.Assertions.assertThat;

import dynamo.core.operation.RecordingTransport;
import dynamo.core.message.ClientResponse;
import dynamo.core.message.ClientResponse.Status;
import dynamo.core.message.Message.Accept;
import dynamo.core.message.Message.Prepare;
import dynamo.core.message.Message.ReadRequest;
import dynamo.core.message.Message.WriteRequest;
import dynamo.core.storage.KeyState;
import dynamo.core.version.Ballot;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReadOperationTest {
    private final PaxosHarness h = new PaxosHarness();
    private final AtomicInteger rounds = new AtomicInteger();
    private ReplicaSets sets = ReplicaSets.of(PaxosHarness.REPLICAS);

    private ReadOperation read(int r) {
        return read(ReplicaSets.of(PaxosHarness.REPLICAS), r);
    }

    private ReadOperation read(ReplicaSets sets, int r) {
        this.sets = sets;
        ReadOperation op = new ReadOperation(h.requests.nextId(), h.ctx, PaxosHarness.KEY, sets, r, this::round);
        h.requests.start(op, PaxosHarness.TIMEOUTS.requestMillis());
        return op;
    }

    /** The key's range moves from n1, n2, n3 to {@code next}; the new replicas hold nothing yet. */
    private ReplicaSets moving(List<String> next) {
        next.forEach(n -> h.acceptors.putIfAbsent(n, KeyState.EMPTY));
        return new ReplicaSets(PaxosHarness.REPLICAS, next);
    }

    private CompletableFuture<ClientResponse> round() {
        rounds.incrementAndGet();
        ProposeOperation op = new ProposeOperation(h.requests.nextId(), h.ctx, PaxosHarness.KEY, Proposal.read(),
                sets, List.of(), 2, null, h.scheduler.nowMillis() + 1000);
        h.requests.start(op, 1000);
        return op.result();
    }

    private void written(String value, String... on) {
        ProposeOperation w = h.write(value, null);
        h.deliver(on);
        assertThat(w.result()).isDone();
    }

    @Test
    void aMajorityAgreeingOnTheAcceptedBallotAnswersInOneRoundTripAndWritesNothing() {
        written("a", "n1", "n2", "n3");
        int before = h.transport.sent().size();

        ReadOperation op = read(2);
        h.deliver("n1", "n2");

        assertThat(op.result()).isDone();
        assertThat(op.result().join().status()).isEqualTo(Status.FOUND);
        assertThat(text(op.result().join().versions().get(0).value())).isEqualTo("a");
        assertThat(h.transport.sent().subList(before, h.transport.sent().size()))
                .allMatch(s -> s.message() instanceof ReadRequest);
        assertThat(rounds).hasValue(0);
    }

    @Test
    void asksOnlyAsManyReplicasAsItNeedsThisNodeFirst() {
        written("a", "n1", "n2", "n3");
        int before = h.transport.sent().size();

        read(2);

        assertThat(h.transport.sent().subList(before, h.transport.sent().size()))
                .extracting(RecordingTransport.Sent::to).containsExactly("n1", "n2");
    }

    @Test
    void aReplicaBehindTheAgreedBallotMakesTheReadAskTheThirdAndGetsALateCopy() {
        written("a", "n1", "n2", "n3");
        written("b", "n1", "n3");
        h.dropPending(); // n2 missed it

        ReadOperation op = read(2);
        h.deliver("n1", "n2", "n3");

        assertThat(text(op.result().join().versions().get(0).value())).isEqualTo("b");
        assertThat(h.transport.sentTo("n2", WriteRequest.class)).singleElement()
                .satisfies(w -> assertThat(w.accepted()).isEqualTo(h.acceptors.get("n1").accepted()));
        assertThat(text(h.acceptors.get("n2").versions().get(0).value())).isEqualTo("b");
        assertThat(rounds).hasValue(0);
    }

    @Test
    void answersThatCannotAgreeFinishTheRoundBeforeAnswering() {
        written("a", "n1", "n2", "n3");
        KeyState n1 = h.acceptors.get("n1"); // a write in flight: accepted by n1 only, not chosen yet
        h.acceptors.put("n1", Acceptor.accept(n1, n1.promised(), List.of(AcceptorTest.value("b", 99)), Ballot.ZERO, 0));

        ReadOperation op = read(2); // asks n1 and n2
        h.deliverWhere(s -> s.message() instanceof ReadRequest && !s.to().equals("n2"));
        assertThat(op.result()).as("n2 is silent: no agreement yet").isNotDone();
        h.scheduler.advance(PaxosHarness.TIMEOUTS.replicaMillis()); // asks n3 too
        h.deliver("n3"); // n1 has b, n3 has a: the round is due
        h.scheduler.advance(1);
        h.deliver("n1", "n3");

        assertThat(rounds).hasValue(1);
        assertThat(op.result().join().status()).isEqualTo(Status.FOUND);
        String answered = text(op.result().join().versions().get(0).value());
        assertThat(answered).isEqualTo("b"); // the highest accepted value, now chosen
        assertThat(text(h.acceptors.get("n3").versions().get(0).value())).isEqualTo("b");
    }

    @Test
    void aReadRequestLostOnTheWayIsAskedAgainWhileTheReplicaSeemsUp() {
        written("a", "n1", "n2", "n3");
        ReadOperation op = read(2); // asks n1 and n2
        h.deliver("n1");
        h.dropPending(); // the request to n2 was lost; after a replica deadline n3 is asked, and lost too
        h.scheduler.advance(PaxosHarness.TIMEOUTS.replicaMillis());
        h.dropPending();
        h.detector.heard("n2");
        h.detector.heard("n3");
        int before = h.transport.sent().size();
        h.scheduler.advance(h.ctx.deadlines().resendMillis());

        assertThat(h.transport.sent().subList(before, h.transport.sent().size()))
                .extracting(RecordingTransport.Sent::to).containsExactlyInAnyOrder("n2", "n3");
        h.deliver("n2");
        assertThat(op.result().join().status()).isEqualTo(Status.FOUND);
        assertThat(rounds).hasValue(0);
    }

    @Test
    void anAbsentKeyIsNotFoundWithoutAnyWrite() {
        ReadOperation op = read(2);
        h.deliver("n1", "n2");

        assertThat(op.result().join().status()).isEqualTo(Status.NOT_FOUND);
        assertThat(h.acceptors.values()).allMatch(s -> s.equals(KeyState.EMPTY));
    }

    @Test
    void aRoundOverAnAbsentKeyAcceptsNothing() {
        h.acceptors.put("n2", new KeyState(new Ballot(5, "n9"), Ballot.ZERO, List.of())); // a promise only
        CompletableFuture<ClientResponse> answer = round();
        h.deliver("n1", "n2", "n3");

        assertThat(answer.join().status()).isEqualTo(Status.NOT_FOUND);
        assertThat(h.sent(Prepare.class)).hasSize(3);
        assertThat(h.sent(Accept.class)).isEmpty();
    }

    @Test
    void readQuorumOfOneAsksOneReplicaAndTakesItsAnswer() {
        written("a", "n2", "n3");
        h.dropPending(); // this node, n1, never saw the write
        int before = h.transport.sent().size();

        ReadOperation op = read(1);
        h.deliver("n1");

        assertThat(h.transport.sent().size() - before).isEqualTo(1);
        assertThat(op.result().join().status()).as("n1 never saw the write").isEqualTo(Status.NOT_FOUND);
    }

    @Test
    void duringAMoveTheReplicasBothListsShareAnswerInOneRoundTrip() {
        written("a", "n1", "n2", "n3");
        int before = h.transport.sent().size();

        ReadOperation op = read(moving(List.of("n1", "n2", "n4")), 2);
        h.deliver("n1", "n2");

        assertThat(h.transport.sent().subList(before, h.transport.sent().size()))
                .extracting(RecordingTransport.Sent::to).containsExactly("n1", "n2");
        assertThat(text(op.result().join().versions().get(0).value())).isEqualTo("a");
        assertThat(rounds).hasValue(0);
    }

    @Test
    void duringAMoveAgreementOfTheOldListAloneFinishesTheRound() {
        written("a", "n1", "n2", "n3");
        h.scheduler.advance(1); // the round's ballot above the write's

        ReadOperation op = read(moving(List.of("n1", "n4", "n5")), 2);
        h.deliver("n1", "n2", "n3", "n4", "n5"); // n4 and n5 have not streamed the range yet
        h.scheduler.advance(1);
        h.deliver("n1", "n2", "n3", "n4", "n5");

        assertThat(rounds).as("the old list agrees, the new one does not").hasValue(1);
        assertThat(text(op.result().join().versions().get(0).value())).isEqualTo("a");
        assertThat(h.acceptors.get("n4").versions()).as("the round made a chosen in the new list too").isNotEmpty();
    }
}
