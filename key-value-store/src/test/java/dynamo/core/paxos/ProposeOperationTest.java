package dynamo.core.paxos;

import static dynamo.core.paxos.PaxosHarness.text;
import static org.assertj.core.api.Assertions.assertThat;

import dynamo.core.operation.RecordingTransport.Sent;
import dynamo.core.message.ClientResponse;
import dynamo.core.message.ClientResponse.Status;
import dynamo.core.message.Message.Accept;
import dynamo.core.message.Message.Prepare;
import dynamo.core.message.OperationId;
import dynamo.core.storage.KeyState;
import dynamo.core.operation.ManualExecutor;
import dynamo.core.version.Ballot;
import dynamo.core.version.BallotClock;
import dynamo.core.version.InMemoryBallotReservation;
import dynamo.core.version.Versioned;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProposeOperationTest {
    private final PaxosHarness h = new PaxosHarness();

    private ClientResponse answer(ProposeOperation op) {
        assertThat(op.result()).as("answered").isDone();
        return op.result().join();
    }

    @Test
    void theFirstWriteOfAKeyPreparesThenAccepts() {
        ProposeOperation op = h.write("a", null);

        assertThat(h.sent(Prepare.class)).hasSize(3);
        assertThat(h.sent(Accept.class)).isEmpty();
        h.deliver("n1", "n2");

        assertThat(h.sent(Accept.class)).hasSize(3);
        assertThat(answer(op).status()).isEqualTo(Status.WRITTEN);
        assertThat(text(h.acceptors.get("n2").versions().get(0).value())).isEqualTo("a");
        assertThat(h.acceptors.get("n3")).as("never heard anything").isEqualTo(KeyState.EMPTY);
    }

    @Test
    void theNextWriteTakesOneRoundTripWithThePiggybackedPromise() {
        h.write("a", null);
        h.deliver("n1", "n2");
        Accept first = h.sent(Accept.class).get(0);

        ProposeOperation second = h.write("b", null);

        assertThat(h.sent(Prepare.class)).as("no second prepare").hasSize(3);
        Accept next = h.sent(Accept.class).get(3);
        assertThat(next.ballot()).as("the promise piggybacked on the first").isEqualTo(first.next());
        assertThat(next.next()).isGreaterThan(next.ballot());
        h.deliver("n1", "n2");
        assertThat(answer(second).status()).isEqualTo(Status.WRITTEN);
        Versioned written = second.result().join().versions().get(0);
        assertThat(written.tag()).isGreaterThan(first.versions().get(0).tag());
        assertThat(written.clock().covers(first.versions().get(0).clock())).isTrue();
        assertThat(written.superseded()).containsExactly(first.versions().get(0).tag());
    }

    @Test
    void aCompetingProposerMakesTheNextWritePrepareAboveItsBallot() {
        h.write("a", null);
        h.deliver("n1", "n2", "n3");
        Ballot rival = new Ballot(h.sent(Accept.class).get(0).ballot().counter() + 1000, "n9");
        h.acceptors.replaceAll((node, s) -> node.equals("n1") ? s : Acceptor.prepare(s, rival));

        ProposeOperation op = h.write("b", null);
        h.deliver("n1", "n2", "n3");
        h.scheduler.advance(h.ctx.deadlines().retryBackoffMillis(1, 0) + 1);
        h.deliver("n1", "n2", "n3");

        Prepare retry = h.sent(Prepare.class).get(3);
        assertThat(retry.ballot()).isGreaterThan(rival);
        assertThat(answer(op).status()).isEqualTo(Status.WRITTEN);
        h.acceptors.values().forEach(s -> assertThat(text(s.versions().get(0).value())).isEqualTo("b"));
    }

    @Test
    void aConditionalPutFromAStaleVersionIsRejectedAndWritesNothingNew() {
        ProposeOperation first = h.write("a", null);
        h.deliver("n1", "n2");
        var readVersion = first.result().join().versions().get(0).version();
        h.write("b", null);
        h.deliver("n1", "n2");

        ProposeOperation stale = h.write("c", readVersion);
        h.deliver("n1", "n2");

        assertThat(answer(stale).status()).isEqualTo(Status.REJECTED);
        assertThat(text(h.acceptors.get("n2").versions().get(0).value())).isEqualTo("b");
    }

    @Test
    void aConditionalPutFromTheCurrentVersionSucceedsOnce() {
        ProposeOperation first = h.write("a", null);
        h.deliver("n1", "n2");
        var readVersion = first.result().join().versions().get(0).version();

        ProposeOperation one = h.write("b", readVersion);
        h.deliver("n1", "n2");
        ProposeOperation two = h.write("c", readVersion);
        h.deliver("n1", "n2");

        assertThat(answer(one).status()).isEqualTo(Status.WRITTEN);
        assertThat(answer(two).status()).isEqualTo(Status.REJECTED);
    }

    @Test
    void twoConditionalPutsFromOneVersionStartedInTheSameMillisecondOnOneCoordinatorNeverBothSucceed() {
        PaxosHarness before = new PaxosHarness(); // another coordinator wrote "a": this one holds no promise
        ProposeOperation first = before.write("a", null, new OperationId("n4", 1));
        before.deliver("n1", "n2", "n3");
        h.acceptors.putAll(before.acceptors);
        h.scheduler.advance(1);
        var readVersion = first.result().join().versions().get(0).version();

        ProposeOperation one = h.write("b", readVersion); // two clients' requests, one millisecond
        ProposeOperation two = h.write("c", readVersion);
        h.deliver("n1", "n2", "n3");
        h.scheduler.advance(h.ctx.deadlines().retryBackoffMillis(3, 0) + 1);
        h.deliver("n1", "n2", "n3");

        assertThat(List.of(answer(one).status(), answer(two).status()))
                .containsExactlyInAnyOrder(Status.WRITTEN, Status.REJECTED);
        assertThat(h.transport.sent()).filteredOn(s -> s.to().equals("n1") && s.message() instanceof Prepare)
                .extracting(s -> ((Prepare) s.message()).ballot()).as("each round its own ballot").hasSize(3)
                .doesNotHaveDuplicates();
        String won = answer(one).status() == Status.WRITTEN ? "b" : "c";
        h.acceptors.values().forEach(s -> assertThat(text(s.versions().get(0).value())).isEqualTo(won));
    }

    @Test
    void aHeldPromiseIsHandedToOneOperationOnlyEvenWhenTheLastAcceptArrivesLate() {
        ProposeOperation all = h.write("a", null, new OperationId(PaxosHarness.SELF, 100), 3); // W=3
        h.deliver("n1", "n2"); // chosen: the promise of the next ballot is kept
        ProposeOperation next = h.write("b", null); // takes it
        Accept taken = h.sent(Accept.class).get(3);
        h.deliverWhere(s -> s.to().equals("n3") && s.message().requestId() == h.sent(Accept.class).get(0).requestId());
        assertThat(answer(all).status()).isEqualTo(Status.WRITTEN);

        h.write("c", null); // must not get the same ballot again

        assertThat(h.sent(Accept.class)).filteredOn(a -> a.ballot().equals(taken.ballot()))
                .extracting(Accept::requestId).as("one operation per ballot").containsOnly(next.id());
    }

    @Test
    void aRetriedWriteFoundAcceptedIsNotAppliedTwice() {
        OperationId id = new OperationId("n4", 77);
        PaxosHarness other = new PaxosHarness(); // the first coordinator: wrote, then went silent
        other.write("x", null, id);
        other.deliver("n1", "n2");
        h.acceptors.putAll(other.acceptors);
        h.scheduler.advance(1); // later than the first coordinator's ballot

        ProposeOperation retry = h.write("x", null, id);
        h.deliver("n2", "n3");

        ClientResponse response = answer(retry);
        assertThat(response.status()).isEqualTo(Status.WRITTEN);
        assertThat(response.versions().get(0).tag().isBy("n4", 77)).isTrue();
        Accept accept = h.sent(Accept.class).get(0);
        assertThat(accept.versions()).as("the same version, made chosen again").isEqualTo(other.acceptors.get("n2").versions());
    }

    @Test
    void aRetriedWriteOverwrittenSinceIsRecognisedByItsSupersededTag() {
        OperationId id = new OperationId("n4", 77);
        h.write("x", null, id);
        h.deliver("n1", "n2");
        h.write("y", null);
        h.deliver("n1", "n2");

        PaxosHarness successor = new PaxosHarness(); // another coordinator takes over with the retry
        successor.acceptors.putAll(h.acceptors);
        successor.scheduler.advance(1);
        ProposeOperation retry = successor.write("x", null, id);
        successor.deliver("n1", "n2", "n3");

        assertThat(answer(retry).status()).isEqualTo(Status.WRITTEN);
        successor.acceptors.values().stream().filter(s -> !s.versions().isEmpty())
                .forEach(s -> assertThat(text(s.versions().get(0).value())).isEqualTo("y"));
    }

    @Test
    void noNewRoundStartsAfterTheDeadline() {
        ProposeOperation op = h.write("a", null);
        h.scheduler.advance(PaxosHarness.TIMEOUTS.requestMillis() + 1);

        assertThat(answer(op).status()).isEqualTo(Status.UNAVAILABLE);
        int sent = h.transport.sent().size();
        h.deliver("n1", "n2", "n3");
        assertThat(h.transport.sent()).as("late promises start nothing").hasSize(sent);
    }

    @Test
    void lostAcceptsLeaveTheAnswerUnknownAndTheNextWriteStillLinearizes() {
        ProposeOperation lost = h.write("a", null);
        h.deliverWhere(s -> s.message() instanceof Prepare);
        h.dropPending(); // every accept lost
        h.scheduler.advance(PaxosHarness.TIMEOUTS.requestMillis() + 1);
        assertThat(answer(lost).status()).isEqualTo(Status.UNAVAILABLE);

        h.dropPending();
        int before = h.transport.sent().size();
        h.detector.heard("n2"); // alive all along (their pings got through): only the accepts were lost
        h.detector.heard("n3");

        ProposeOperation next = h.write("b", null);
        assertThat(h.transport.sent().get(before).message()).as("no promise was kept").isInstanceOf(Prepare.class);
        h.deliver("n1", "n2", "n3");

        assertThat(answer(next).status()).isEqualTo(Status.WRITTEN);
    }

    @Test
    void aRoundWhoseMajorityNeedsASilentReplicaStartsOverWithoutIt() {
        h.write("a", null);
        h.deliver("n1", "n2", "n3");
        h.acceptors.put("n3", Acceptor.prepare(h.acceptors.get("n3"), new Ballot(Long.MAX_VALUE / 2, "n9")));

        ProposeOperation op = h.write("b", null); // accept with the held promise: n3 refuses, n2 is silent
        h.deliver("n1", "n3");
        for (int i = 0; i < 12; i++) { // n2 silent past the suspicion period (400 ms), then a backoff
            h.detector.heard("n3");
            h.scheduler.advance(PaxosHarness.TIMEOUTS.replicaMillis());
        }
        assertThat(h.sent(Prepare.class)).as("started over").hasSizeGreaterThan(3);
        h.acceptors.put("n3", new KeyState(Ballot.ZERO, h.acceptors.get("n3").accepted(), h.acceptors.get("n3").versions()));
        h.detector.heard("n3");
        h.deliver("n1", "n3");

        assertThat(answer(op).status()).isEqualTo(Status.WRITTEN);
    }

    @Test
    void aRoundWaitsForSlowReplicasThatAreNotYetSuspectedToBeDown() {
        ProposeOperation op = h.write("a", null);
        // 300 ms without a word from anyone (a cold JIT, a loaded host): past the replica deadline,
        // not past the suspicion period; the late promises must still count
        h.scheduler.advance(3 * PaxosHarness.TIMEOUTS.replicaMillis());
        assertThat(h.sent(Prepare.class)).extracting(Prepare::ballot).as("the first prepare still stands")
                .containsOnly(h.sent(Prepare.class).get(0).ballot());

        h.deliver("n1", "n2");

        assertThat(answer(op).status()).isEqualTo(Status.WRITTEN);
    }

    @Test
    void aProposerThatHearsNoOtherReplicaSendsNoNewBallotsAndAnswers503OnceTheySeemDown() {
        // cut off one way (its messages arrive, nothing reaches it): fresh ballots from here would
        // only outbid the rounds of coordinators that can reach a majority, and waiting for the
        // deadline would only keep the client from trying another node
        long start = h.scheduler.nowMillis();
        ProposeOperation op = h.write("a", null);
        h.deliver("n1");
        for (int i = 0; i < 19 && !op.isDone(); i++) {
            h.scheduler.advance(PaxosHarness.TIMEOUTS.replicaMillis());
        }

        assertThat(answer(op).status()).isEqualTo(Status.UNAVAILABLE);
        assertThat(answer(op).message()).isEqualTo("quorum unreachable: n2, n3 seem down");
        assertThat(h.scheduler.nowMillis() - start).as("silent for a suspicion period, down for another, not the 2 s deadline")
                .isLessThanOrEqualTo(2 * PaxosHarness.TIMEOUTS.suspectAfterMillis() + PaxosHarness.TIMEOUTS.replicaMillis());
        assertThat(h.sent(Prepare.class)).extracting(Prepare::ballot).as("only the first round's ballot")
                .containsOnly(h.sent(Prepare.class).get(0).ballot());

        h.detector.heard("n2");
        h.detector.heard("n3");
        ProposeOperation next = h.write("b", null);
        h.deliver("n1", "n2", "n3");
        assertThat(answer(next).status()).as("served again once it hears a majority").isEqualTo(Status.WRITTEN);
    }

    @Test
    void anOperationAnswered503StartsNoRoundWhenItsReplicasAreHeardAgain() {
        ProposeOperation op = h.write("a", null); // cut off: its prepares reach n2 and n3 only after the heal
        h.deliver("n1");
        for (int i = 0; i < 19 && !op.isDone(); i++) {
            h.scheduler.advance(PaxosHarness.TIMEOUTS.replicaMillis());
        }
        assertThat(answer(op).status()).isEqualTo(Status.UNAVAILABLE);
        int prepares = h.sent(Prepare.class).size();

        h.detector.heard("n2");
        h.detector.heard("n3");
        h.deliver("n1", "n2", "n3");
        h.scheduler.advance(PaxosHarness.TIMEOUTS.requestMillis());

        assertThat(h.sent(Accept.class)).as("the client moved on: late promises change nothing").isEmpty();
        assertThat(h.sent(Prepare.class)).as("nor is its prepare sent again, or a new one").hasSize(prepares);
    }

    @Test
    void aPrepareLostOnTheWayIsSentAgainToTheSilentReplicaWithTheSameBallot() {
        ProposeOperation op = h.write("a", null);
        h.deliver("n1");
        h.dropPending(); // the prepares to n2 and n3 were lost (a link that broke and reconnected)
        h.detector.heard("n2");
        h.detector.heard("n3");
        h.scheduler.advance(h.ctx.deadlines().resendMillis());

        assertThat(h.sent(Prepare.class)).as("sent again to n2 and n3 only").hasSize(5)
                .extracting(Prepare::ballot).containsOnly(h.sent(Prepare.class).get(0).ballot());
        h.deliver("n2", "n1", "n3");

        assertThat(answer(op).status()).isEqualTo(Status.WRITTEN);
    }

    @Test
    void anAcceptLostOnTheWayIsSentAgainAndAReplicaThatTookItTwiceReportsItTaken() {
        h.write("a", null);
        h.deliver("n1", "n2", "n3");
        ProposeOperation op = h.write("b", null); // one round trip on the held promise
        h.deliver("n1");
        h.dropPending(); // lost: the accepts to n2 and n3
        h.detector.heard("n2");
        h.detector.heard("n3");
        h.scheduler.advance(h.ctx.deadlines().resendMillis());
        h.deliver("n2");

        assertThat(answer(op).status()).isEqualTo(Status.WRITTEN);
        h.detector.heard("n3");
        h.scheduler.advance(h.ctx.deadlines().resendMillis()); // n3 still owes its accept for the majority
        int accepts = h.sent(Accept.class).size();
        h.deliver("n3");
        h.deliver("n3");
        assertThat(h.acceptors.get("n3").accepted()).isEqualTo(h.acceptors.get("n1").accepted());
        assertThat(h.sent(Accept.class)).as("nothing more once every replica took it").hasSize(accepts);
    }

    @Test
    void aReplicaThatStoppedSeemingUpIsNotSentTheRoundAgain() {
        h.write("a", null);
        h.deliver("n1", "n2", "n3");
        int before = h.transport.sent().size();
        ProposeOperation op = h.write("b", null);
        h.deliver("n1");
        h.dropPending(); // both accepts lost; n2 then goes silent (crashed), n3 keeps answering pings
        for (int i = 0; i < 10; i++) {
            h.detector.heard("n3");
            h.scheduler.advance(PaxosHarness.TIMEOUTS.replicaMillis());
        }

        List<Sent> sent = h.transport.sent().subList(before, h.transport.sent().size());
        long toN2 = sent.stream().filter(s -> s.message() instanceof Accept && s.to().equals("n2")).count();
        long toN3 = sent.stream().filter(s -> s.message() instanceof Accept && s.to().equals("n3")).count();
        assertThat(toN2).as("n2: the first accept, then again only while it seemed up (400 ms)").isBetween(2L, 3L);
        assertThat(toN3).as("n3: once per resend interval (400 ms) of the second").isGreaterThanOrEqualTo(3);
        h.deliver("n3");
        assertThat(answer(op).status()).isEqualTo(Status.WRITTEN);
    }

    @Test
    void aDeleteWritesATombstone() {
        h.write("a", null);
        h.deliver("n1", "n2");
        ProposeOperation delete = h.write(null, null);
        h.deliver("n1", "n2");

        assertThat(answer(delete).status()).isEqualTo(Status.WRITTEN);
        assertThat(h.acceptors.get("n2").versions().get(0).isTombstone()).isTrue();
    }

    /**
     * A proposer whose ballot reservation was saved {@code agoMillis} before the harness's start (its
     * peers were heard since) and whose next saves wait on {@code writer} until the test runs it.
     */
    private static PaxosHarness reserved(long agoMillis, InMemoryBallotReservation disk, ManualExecutor writer) {
        return new PaxosHarness(BallotClock.open(PaxosHarness.SELF, disk, writer, PaxosHarness.START_MILLIS - agoMillis));
    }

    @Test
    void aPrepareWhoseBallotIsNotSavedYetTriesAgainOnTheSchedulerOnceItIs() {
        InMemoryBallotReservation disk = new InMemoryBallotReservation();
        ManualExecutor writer = new ManualExecutor();
        PaxosHarness p = reserved(BallotClock.WINDOW / 1000 + 1_000, disk, writer); // now beyond it, its next save stalled

        ProposeOperation op = p.write("a", null);
        assertThat(p.sent(Prepare.class)).as("no ballot beyond the saved reservation").isEmpty();
        assertThat(writer.pending()).as("the refusal asked for the save").isEqualTo(1);
        p.scheduler.advance(50);
        assertThat(p.sent(Prepare.class)).isEmpty();
        assertThat(op.result()).isNotDone();

        writer.runAll();
        p.scheduler.advance(PaxosHarness.TIMEOUTS.replicaMillis());
        assertThat(p.sent(Prepare.class)).hasSize(3);
        assertThat(p.sent(Prepare.class).get(0).ballot().counter()).isLessThanOrEqualTo(disk.reserved());
        p.deliver("n1", "n2");
        assertThat(answer(op).status()).isEqualTo(Status.WRITTEN);
    }

    @Test
    void aReservationStuckUntilTheDeadlineAnswers503AndSendsNothing() {
        PaxosHarness p = reserved(BallotClock.WINDOW / 1000 + 1_000, new InMemoryBallotReservation(), new ManualExecutor());

        ProposeOperation op = p.write("a", null);
        p.scheduler.advance(PaxosHarness.TIMEOUTS.requestMillis() + 1);

        assertThat(answer(op).status()).isEqualTo(Status.UNAVAILABLE);
        assertThat(p.transport.sent()).isEmpty();
    }

    @Test
    void anAcceptWhoseNextPromiseIsNotSavedYetAsksForNoneAndTheNextWritePrepares() {
        InMemoryBallotReservation disk = new InMemoryBallotReservation();
        ManualExecutor writer = new ManualExecutor();
        PaxosHarness p = reserved(BallotClock.WINDOW / 1000, disk, writer); // the prepare's ballot is the last one reserved

        ProposeOperation first = p.write("a", null);
        p.deliver("n1", "n2");
        assertThat(answer(first).status()).isEqualTo(Status.WRITTEN);
        assertThat(p.sent(Accept.class).get(0).next()).as("no next promise asked").isEqualTo(Ballot.ZERO);

        writer.runAll();
        ProposeOperation second = p.write("b", null);
        assertThat(p.sent(Prepare.class)).as("no promise held: a prepare").hasSize(6);
        p.deliver("n1", "n2");
        assertThat(answer(second).status()).isEqualTo(Status.WRITTEN);
    }
}
