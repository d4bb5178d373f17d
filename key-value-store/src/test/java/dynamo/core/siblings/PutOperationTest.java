package dynamo.core.siblings;

import dynamo.core.operation.OperationHarness;
import static dynamo.core.version.Versions.bytes;
import static dynamo.core.version.Versions.clock;
import static dynamo.core.version.Versions.tag;
import static dynamo.core.version.Versions.value;
import static dynamo.core.version.Versions.version;
import static org.assertj.core.api.Assertions.assertThat;

import dynamo.core.message.ClientResponse;
import dynamo.core.message.ClientResponse.Status;
import dynamo.core.message.Message.ReadRequest;
import dynamo.core.message.Message.WriteRequest;
import dynamo.core.version.ConflictMode;
import dynamo.core.version.Occurred;
import dynamo.core.version.Version;
import dynamo.core.version.VersionResolver;
import dynamo.core.version.Versioned;
import dynamo.core.version.WriteTag;
import java.util.List;
import org.junit.jupiter.api.Test;

class PutOperationTest {
    private static final byte[] KEY = bytes("k");
    private static final byte[] VALUE = bytes("value");
    private static final Versioned OLD = value("old", version(clock("n2", 1), tag(4, "n2")));
    private static final Versioned NEW = value("new", version(clock("n2", 1, "n3", 2), tag(7, "n3")));

    private OperationHarness h = new OperationHarness();

    private PutOperation put(byte[] value, Version fromVersion) {
        return h.start(new PutOperation(h.requests.nextId(), h.ctx, KEY, value, fromVersion,
                OperationHarness.REPLICAS, OperationHarness.STAND_INS, 2));
    }

    private PutOperation put() {
        return put(VALUE, null);
    }

    /** The single version every replica was asked to store. */
    private Versioned written() {
        List<WriteRequest> writes = h.transport.sent(WriteRequest.class);
        assertThat(writes).isNotEmpty();
        assertThat(writes).allSatisfy(w -> assertThat(w.versions()).isEqualTo(writes.get(0).versions()));
        assertThat(writes.get(0).versions()).hasSize(1);
        return writes.get(0).versions().get(0);
    }

    private ClientResponse answer(PutOperation op) {
        assertThat(op.result()).isCompleted();
        return op.result().join();
    }

    @Test
    void startReadsVersionsFromEveryReplica() {
        PutOperation op = put();

        assertThat(h.transport.receiversOf(ReadRequest.class)).containsExactlyElementsOf(OperationHarness.REPLICAS);
        assertThat(h.transport.sent(WriteRequest.class)).isEmpty();
        assertThat(op.step()).isEqualTo(PutOperation.Step.READING);
    }

    @Test
    void writesToEveryReplicaOnceAReadQuorumAnswered() {
        PutOperation op = put();

        h.read(op, "n2", OLD);
        assertThat(h.transport.sent(WriteRequest.class)).isEmpty();
        h.read(op, "n3", NEW);

        assertThat(op.step()).isEqualTo(PutOperation.Step.WRITING);
        assertThat(h.transport.receiversOf(WriteRequest.class)).containsExactlyInAnyOrderElementsOf(OperationHarness.REPLICAS);
        assertThat(h.transport.sent(WriteRequest.class)).allSatisfy(w -> {
            assertThat(w.requestId()).isEqualTo(op.id());
            assertThat(w.key()).isEqualTo(KEY);
            assertThat(w.hintFor()).isNull();
        });
        assertThat(written().value()).isEqualTo(VALUE);
    }

    @Test
    void newTagFollowsTheHighestCounterSeenWithThisNodesId() {
        PutOperation op = put();
        h.read(op, "n3", NEW);
        h.read(op, "n2", OLD);

        assertThat(written().tag()).isEqualTo(new WriteTag(8, "n1", 1));
        assertThat(written().tag().isAfter(NEW.tag())).isTrue();
    }

    @Test
    void firstWriteOfAKeyGetsCounterOne() {
        PutOperation op = put();
        h.read(op, "n1");
        h.read(op, "n2");

        assertThat(written().tag().counter()).isEqualTo(1);
        assertThat(written().clock().counterOf("n1")).isEqualTo(1);
        assertThat(written().clock().entries()).hasSize(1);
    }

    @Test
    void sequenceGrowsWithEveryWrite() {
        PutOperation first = put();
        h.read(first, "n1");
        h.read(first, "n2");
        long firstSequence = written().tag().sequence();
        h.transport.clear();

        PutOperation second = put();
        h.read(second, "n1");
        h.read(second, "n2");

        assertThat(written().tag().sequence()).isGreaterThan(firstSequence);
    }

    @Test
    void clockDescendsFromTheNewestVersionAndStampsThisNode() {
        PutOperation op = put();
        h.read(op, "n2", NEW);
        h.read(op, "n3", NEW);

        assertThat(written().clock().compare(NEW.clock())).isEqualTo(Occurred.AFTER);
        assertThat(written().clock().counterOf("n1")).isEqualTo(1);
        assertThat(written().clock().counterOf("n3")).isEqualTo(2);
        assertThat(written().clock().entries()).filteredOn(e -> e.nodeId().equals("n1"))
                .singleElement().satisfies(e -> assertThat(e.timestamp()).isEqualTo(h.scheduler.nowMillis()));
    }

    @Test
    void clockDescendsFromEveryClockSeenAlsoOfLowerTags() {
        Versioned lowerTagOtherHistory = value("x", version(clock("n9", 5), tag(1, "n9")));
        PutOperation op = put();
        h.read(op, "n2", NEW);
        h.read(op, "n3", lowerTagOtherHistory);

        assertThat(written().clock().covers(NEW.clock())).isTrue();
        assertThat(written().clock().covers(lowerTagOtherHistory.clock())).isTrue();
    }

    @Test
    void answersWrittenOnceWReplicasAcknowledge() {
        PutOperation op = put();
        h.read(op, "n1", OLD);
        h.read(op, "n2", OLD);

        h.ack(op, "n2");
        assertThat(op.result()).isNotDone();
        h.ack(op, "n2");
        assertThat(op.result()).as("a duplicate ack counts once").isNotDone();
        h.ack(op, "n1");

        assertThat(answer(op).status()).isEqualTo(Status.WRITTEN);
        assertThat(answer(op).versions()).containsExactly(written());
        assertThat(op.step()).isEqualTo(PutOperation.Step.DONE);
    }

    @Test
    void acksFromNonReplicasDoNotCount() {
        PutOperation op = put();
        h.read(op, "n1", OLD);
        h.read(op, "n2", OLD);

        h.ack(op, "n1");
        h.ack(op, "n4");
        h.ack(op, "n5");

        assertThat(op.result()).isNotDone();
    }

    @Test
    void acksBeforeTheWritePhaseDoNotCount() {
        PutOperation op = put();
        h.ack(op, "n2");
        h.ack(op, "n3");
        h.read(op, "n1", OLD);
        h.read(op, "n2", OLD);

        assertThat(op.result()).isNotDone();
        h.ack(op, "n1");
        assertThat(op.result()).isNotDone();
    }

    @Test
    void aNullValueWritesATombstone() {
        PutOperation op = put(null, null);
        h.read(op, "n1", OLD);
        h.read(op, "n2", OLD);
        h.ack(op, "n1");
        h.ack(op, "n3");

        assertThat(written().isTombstone()).isTrue();
        assertThat(written().tag().isAfter(OLD.tag())).isTrue();
        assertThat(answer(op).status()).isEqualTo(Status.WRITTEN);
    }

    @Test
    void conditionalPutFromAStaleVersionIsRejectedWithoutWriting() {
        PutOperation op = put(VALUE, OLD.version());
        h.read(op, "n1", OLD);
        h.read(op, "n2", NEW);

        assertThat(answer(op).status()).isEqualTo(Status.REJECTED);
        assertThat(op.step()).isEqualTo(PutOperation.Step.DONE);
        assertThat(h.transport.sent(WriteRequest.class)).isEmpty();
    }

    @Test
    void conditionalPutFromTheCurrentVersionIsWritten() {
        PutOperation op = put(VALUE, NEW.version());
        h.read(op, "n1", OLD);
        h.read(op, "n2", NEW);
        h.ack(op, "n2");
        h.ack(op, "n3");

        assertThat(answer(op).status()).isEqualTo(Status.WRITTEN);
        assertThat(written().tag().isAfter(NEW.tag())).isTrue();
        assertThat(written().clock().covers(NEW.clock())).isTrue();
    }

    @Test
    void conditionalPutFromNoVersionOnlyCreates() {
        PutOperation onEmpty = put(VALUE, Version.NONE);
        h.read(onEmpty, "n1");
        h.read(onEmpty, "n2");
        assertThat(h.transport.sent(WriteRequest.class)).hasSize(3);

        h.transport.clear();
        PutOperation onExisting = put(VALUE, Version.NONE);
        h.read(onExisting, "n1", OLD);
        h.read(onExisting, "n2");
        assertThat(answer(onExisting).status()).isEqualTo(Status.REJECTED);
        assertThat(h.transport.sent(WriteRequest.class)).isEmpty();
    }

    @Test
    void conditionalPutMergesTheClientsClock() {
        Version fromClient = version(clock("n2", 1, "n3", 2, "client-side", 4), NEW.tag());
        PutOperation op = put(VALUE, fromClient);
        h.read(op, "n2", NEW);
        h.read(op, "n3", NEW);

        assertThat(written().clock().covers(fromClient.clock())).isTrue();
    }

    @Test
    void aReplicaThatSeemsDownGetsAHintAtTheFirstStandInThatSeemsUp() {
        h.detector.unreachable("n3");
        PutOperation op = put();
        h.read(op, "n1", OLD);
        h.read(op, "n2", OLD);

        List<WriteRequest> hints = h.transport.sentTo("n4", WriteRequest.class);
        assertThat(hints).singleElement().satisfies(hint -> {
            assertThat(hint.hintFor()).isEqualTo("n3");
            assertThat(hint.versions()).containsExactly(written());
            assertThat(hint.requestId()).isEqualTo(op.id());
        });
        assertThat(h.transport.sentTo("n5", WriteRequest.class)).isEmpty();
        assertThat(h.transport.sentTo("n3", WriteRequest.class)).as("the replica is still tried").hasSize(1);

        h.ack(op, "n4");
        h.ack(op, "n1");
        assertThat(op.result()).as("a hint never counts toward W").isNotDone();
    }

    @Test
    void aStandInThatSeemsDownIsSkipped() {
        h.detector.unreachable("n2");
        h.detector.unreachable("n4");
        PutOperation op = put();
        h.read(op, "n1", OLD);
        h.read(op, "n3", OLD);

        assertThat(h.transport.sentTo("n4", WriteRequest.class)).isEmpty();
        assertThat(h.transport.sentTo("n5", WriteRequest.class)).singleElement()
                .satisfies(hint -> assertThat(hint.hintFor()).isEqualTo("n2"));
    }

    @Test
    void noHintsWhileEveryReplicaIsAlive() {
        PutOperation op = put();
        h.read(op, "n1", OLD);
        h.read(op, "n2", OLD);

        assertThat(h.transport.sent(WriteRequest.class)).noneMatch(w -> w.hintFor() != null);
    }

    @Test
    void deadlineDuringTheReadPhaseAnswersUnavailable() {
        PutOperation op = put();
        h.read(op, "n1", OLD);

        h.scheduler.advance(OperationHarness.TIMEOUTS.requestMillis());

        assertThat(answer(op).status()).isEqualTo(Status.UNAVAILABLE);
        assertThat(h.transport.sent(WriteRequest.class)).isEmpty();
    }

    @Test
    void deadlineDuringTheWritePhaseAnswersUnavailable() {
        PutOperation op = put();
        h.read(op, "n1", OLD);
        h.read(op, "n2", OLD);
        h.ack(op, "n1");

        h.advanceHearing(OperationHarness.TIMEOUTS.requestMillis(), "n2", "n3");

        assertThat(answer(op).status()).isEqualTo(Status.UNAVAILABLE);
        assertThat(answer(op).message()).contains("1 of 2 write acks");
        h.ack(op, "n2");
        assertThat(answer(op).status()).as("late acks change nothing").isEqualTo(Status.UNAVAILABLE);
    }

    @Test
    void aReplicaThatOnlyMissedTheReplicaDeadlineGetsNoHint() {
        PutOperation op = put();
        h.read(op, "n2", OLD);

        h.scheduler.advance(OperationHarness.TIMEOUTS.replicaMillis());
        h.read(op, "n1", OLD);

        assertThat(h.transport.sent(WriteRequest.class)).noneMatch(w -> w.hintFor() != null);
        assertThat(op.result()).isNotDone();
    }

    @Test
    void writesFailFastWhenTheReplicasThatSeemUpCannotMakeW() {
        PutOperation op = put();
        h.read(op, "n1", OLD);
        h.read(op, "n2", OLD);
        h.ack(op, "n1");
        h.detector.unreachable("n2");
        h.detector.unreachable("n3");

        h.scheduler.advance(OperationHarness.TIMEOUTS.suspectAfterMillis());

        assertThat(answer(op).status()).isEqualTo(Status.UNAVAILABLE);
        assertThat(answer(op).message()).startsWith("quorum unreachable: n2, n3");
    }

    @Test
    void siblingsModeResolvesSiblingsWithTheirMergedVersion() {
        h = new OperationHarness(ConflictMode.SIBLINGS);
        Versioned fromA = value("a", "n2", 1);
        Versioned fromB = value("b", "n3", 1);

        PutOperation stale = put(VALUE, fromA.version());
        h.read(stale, "n2", fromA, fromB);
        h.read(stale, "n3", fromA, fromB);
        assertThat(answer(stale).status()).isEqualTo(Status.REJECTED);

        PutOperation resolving = put(VALUE, VersionResolver.summary(List.of(fromA, fromB)));
        h.read(resolving, "n2", fromA, fromB);
        h.read(resolving, "n3", fromB);
        h.ack(resolving, "n2");
        h.ack(resolving, "n3");

        assertThat(answer(resolving).status()).isEqualTo(Status.WRITTEN);
        assertThat(written().clock().covers(fromA.clock())).isTrue();
        assertThat(written().clock().covers(fromB.clock())).isTrue();
        assertThat(h.ctx.resolver().reconcile(List.of(fromA, fromB), List.of(written()))).containsExactly(written());
    }
}
