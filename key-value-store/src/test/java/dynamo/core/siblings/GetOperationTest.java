package dynamo.core.siblings;

import dynamo.core.operation.OperationHarness;
import static dynamo.core.version.Versions.bytes;
import static dynamo.core.version.Versions.tombstone;
import static dynamo.core.version.Versions.value;
import static org.assertj.core.api.Assertions.assertThat;

import dynamo.core.message.ClientResponse;
import dynamo.core.message.ClientResponse.Status;
import dynamo.core.message.Message.ReadRequest;
import dynamo.core.message.Message.WriteRequest;
import dynamo.core.version.ConflictMode;
import dynamo.core.version.Versioned;
import org.junit.jupiter.api.Test;

class GetOperationTest {
    private static final byte[] KEY = bytes("k");
    private static final Versioned OLD = value("old", "n2", 1);
    private static final Versioned NEW = value("new", "n3", 2);

    private final OperationHarness h = new OperationHarness();

    private ClientResponse answer(GetOperation op) {
        assertThat(op.result()).isCompleted();
        return op.result().join();
    }

    @Test
    void startAsksEveryReplica() {
        GetOperation op = h.start(h.get(KEY));

        assertThat(h.transport.receiversOf(ReadRequest.class)).containsExactlyElementsOf(OperationHarness.REPLICAS);
        assertThat(h.transport.sent(ReadRequest.class)).allSatisfy(read -> {
            assertThat(read.requestId()).isEqualTo(op.id());
            assertThat(read.from()).isEqualTo("n1");
            assertThat(read.key()).isEqualTo(KEY);
        });
        assertThat(op.step()).isEqualTo(GetOperation.Step.READING);
        assertThat(op.result()).isNotDone();
    }

    @Test
    void twoAgreeingRepliesAnswerWithoutWriting() {
        GetOperation op = h.start(h.get(KEY));

        h.read(op, "n2", NEW);
        assertThat(op.result()).isNotDone();
        h.read(op, "n3", NEW);

        assertThat(answer(op).status()).isEqualTo(Status.FOUND);
        assertThat(answer(op).versions()).containsExactly(NEW);
        assertThat(op.step()).isEqualTo(GetOperation.Step.DONE);
        assertThat(h.transport.sent(WriteRequest.class)).isEmpty();
    }

    @Test
    void twoEmptyRepliesAnswerNotFound() {
        GetOperation op = h.start(h.get(KEY));

        h.read(op, "n1");
        h.read(op, "n3");

        assertThat(answer(op).status()).isEqualTo(Status.NOT_FOUND);
        assertThat(answer(op).versions()).isEmpty();
        assertThat(h.transport.sent(WriteRequest.class)).isEmpty();
    }

    @Test
    void anAgreedTombstoneIsNotFound() {
        GetOperation op = h.start(h.get(KEY));
        Versioned deleted = tombstone("n2", 3);

        h.read(op, "n1", deleted);
        h.read(op, "n2", deleted);

        assertThat(answer(op).status()).isEqualTo(Status.NOT_FOUND);
        assertThat(h.transport.sent(WriteRequest.class)).isEmpty();
    }

    @Test
    void repliesFromNonReplicasDoNotCount() {
        GetOperation op = h.start(h.get(KEY));

        h.read(op, "n4", NEW);
        h.read(op, "n2", NEW);

        assertThat(op.result()).isNotDone();
    }

    @Test
    void disagreeingRepliesWriteTheNewestBackToStaleAndMissingReplicas() {
        GetOperation op = h.start(h.get(KEY));

        h.read(op, "n1", NEW);
        h.read(op, "n2", OLD);

        assertThat(op.step()).isEqualTo(GetOperation.Step.WRITING);
        assertThat(op.result()).isNotDone();
        assertThat(h.transport.receiversOf(WriteRequest.class)).containsExactlyInAnyOrder("n2", "n3");
        assertThat(h.transport.sent(WriteRequest.class)).allSatisfy(write -> {
            assertThat(write.requestId()).isEqualTo(op.id());
            assertThat(write.key()).isEqualTo(KEY);
            assertThat(write.versions()).containsExactly(NEW);
            assertThat(write.hintFor()).isNull();
        });
    }

    @Test
    void aMissingReplicaCountsAsStale() {
        GetOperation op = h.start(h.get(KEY));

        h.read(op, "n2", NEW);
        h.read(op, "n3");

        assertThat(op.step()).isEqualTo(GetOperation.Step.WRITING);
        assertThat(h.transport.receiversOf(WriteRequest.class)).containsExactlyInAnyOrder("n1", "n3");
    }

    @Test
    void writeBackAnswersOnceWReplicasHoldTheNewest() {
        GetOperation op = h.start(h.get(KEY));
        h.read(op, "n1", NEW);
        h.read(op, "n2", OLD);

        h.ack(op, "n4");
        assertThat(op.result()).as("a non-replica's ack does not count").isNotDone();

        h.ack(op, "n2");

        assertThat(answer(op).status()).isEqualTo(Status.FOUND);
        assertThat(answer(op).versions()).containsExactly(NEW);
        assertThat(op.step()).isEqualTo(GetOperation.Step.DONE);
    }

    @Test
    void aLateReadOfTheNewestCountsAsAHolderDuringWriteBack() {
        GetOperation op = h.start(h.get(KEY));
        h.read(op, "n1", NEW);
        h.read(op, "n2", OLD);

        h.read(op, "n3", OLD);
        assertThat(op.result()).as("a stale third answer is no holder").isNotDone();

        GetOperation other = h.start(h.get(KEY));
        h.read(other, "n1", NEW);
        h.read(other, "n2", OLD);
        h.read(other, "n3", NEW);
        assertThat(answer(other).versions()).containsExactly(NEW);
    }

    @Test
    void deletedNewestIsWrittenBackAndAnsweredNotFound() {
        GetOperation op = h.start(h.get(KEY));
        Versioned deleted = tombstone("n3", 5);
        h.read(op, "n1", OLD);
        h.read(op, "n2", deleted);

        assertThat(h.transport.sent(WriteRequest.class)).allSatisfy(w -> assertThat(w.versions()).containsExactly(deleted));
        h.ack(op, "n1");

        assertThat(answer(op).status()).isEqualTo(Status.NOT_FOUND);
    }

    @Test
    void aLateStaleReplyAfterTheAnswerIsReadRepaired() {
        GetOperation op = h.start(h.get(KEY));
        h.read(op, "n1", NEW);
        h.read(op, "n2", NEW);
        assertThat(op.step()).isEqualTo(GetOperation.Step.DONE);

        h.read(op, "n3", OLD);

        assertThat(h.transport.sentTo("n3", WriteRequest.class)).singleElement()
                .satisfies(w -> assertThat(w.versions()).containsExactly(NEW));
        assertThat(answer(op).versions()).containsExactly(NEW);
    }

    @Test
    void aLateAgreeingReplyIsNotRepaired() {
        GetOperation op = h.start(h.get(KEY));
        h.read(op, "n1", NEW);
        h.read(op, "n2", NEW);

        h.read(op, "n3", NEW);

        assertThat(h.transport.sent(WriteRequest.class)).isEmpty();
    }

    @Test
    void aLateNewerReplyIsNotRepaired() {
        GetOperation op = h.start(h.get(KEY));
        h.read(op, "n1", OLD);
        h.read(op, "n2", OLD);

        h.read(op, "n3", NEW);

        assertThat(h.transport.sent(WriteRequest.class)).isEmpty();
    }

    @Test
    void agreeingRepliesThatAlreadyReachWAnswerAtOnce() {
        GetOperation op = h.start(h.get(KEY, 3));
        h.read(op, "n1", NEW);
        h.read(op, "n2", NEW);

        h.read(op, "n3", OLD);

        assertThat(h.transport.sentTo("n3", WriteRequest.class)).as("n3 is still repaired").hasSize(1);
        assertThat(op.result()).as("two of three replicas, W = 2, already hold the newest").isCompleted();
        assertThat(answer(op).versions()).containsExactly(NEW);
    }

    @Test
    void readQuorumOfThreeWaitsForTheThirdReply() {
        GetOperation op = h.start(h.get(KEY, 3));
        h.read(op, "n1", NEW);
        h.read(op, "n2", NEW);
        assertThat(op.result()).isNotDone();

        h.read(op, "n3", NEW);

        assertThat(answer(op).versions()).containsExactly(NEW);
    }

    @Test
    void deadlineWithoutAQuorumAnswersUnavailable() {
        GetOperation op = h.start(h.get(KEY));
        h.read(op, "n2", NEW);

        h.scheduler.advance(OperationHarness.TIMEOUTS.requestMillis() - 1);
        assertThat(op.result()).isNotDone();
        h.scheduler.advance(1);

        assertThat(answer(op).status()).isEqualTo(Status.UNAVAILABLE);
        assertThat(answer(op).message()).contains("deadline");
        assertThat(op.step()).isEqualTo(GetOperation.Step.DONE);
    }

    @Test
    void deadlineDuringWriteBackAnswersUnavailable() {
        GetOperation op = h.start(h.get(KEY));
        h.read(op, "n1", NEW);
        h.read(op, "n2", OLD);

        h.scheduler.advance(OperationHarness.TIMEOUTS.requestMillis());

        assertThat(answer(op).status()).isEqualTo(Status.UNAVAILABLE);
    }

    @Test
    void aReplicaThatOnlyMissedTheReplicaDeadlineIsStillWaitedFor() {
        GetOperation op = h.start(h.get(KEY));
        h.read(op, "n2", NEW);

        h.scheduler.advance(OperationHarness.TIMEOUTS.replicaMillis());

        assertThat(h.detector.seemsUp("n3")).isTrue();
        assertThat(op.result()).isNotDone();
    }

    @Test
    void readsFailFastWhenTheReplicasThatSeemUpCannotMakeR() {
        GetOperation op = h.start(h.get(KEY));
        h.read(op, "n1", NEW);
        h.detector.unreachable("n2");
        h.detector.unreachable("n3");

        h.scheduler.advance(OperationHarness.TIMEOUTS.suspectAfterMillis());

        assertThat(answer(op).status()).isEqualTo(Status.UNAVAILABLE);
        assertThat(answer(op).message()).isEqualTo("quorum unreachable: n2, n3 seem down");
    }

    @Test
    void siblingsModeAnswersEveryConcurrentVersion() {
        OperationHarness siblings = new OperationHarness(ConflictMode.SIBLINGS);
        Versioned fromA = value("a", "n2", 1);
        Versioned fromB = value("b", "n3", 1);
        GetOperation op = siblings.start(siblings.get(KEY));

        siblings.read(op, "n2", fromA);
        siblings.read(op, "n3", fromB);

        assertThat(siblings.transport.receiversOf(WriteRequest.class)).containsExactlyInAnyOrder("n1", "n2", "n3");
        siblings.ack(op, "n2");
        assertThat(op.result()).isNotDone();
        siblings.ack(op, "n3");

        assertThat(op.result().join().status()).isEqualTo(Status.FOUND);
        assertThat(op.result().join().versions()).containsExactlyInAnyOrder(fromA, fromB);
    }

    @Test
    void describesProgressInTheUnavailableMessage() {
        GetOperation op = h.start(h.get(KEY));
        h.read(op, "n2", NEW);

        h.scheduler.advance(OperationHarness.TIMEOUTS.requestMillis());

        assertThat(answer(op).message()).contains("1 of 2 reads");
    }
}
