package dynamo.core.operation;

import static org.assertj.core.api.Assertions.assertThat;

import dynamo.core.message.ClientResponse;
import dynamo.core.message.ClientResponse.Status;
import dynamo.core.message.Message;
import dynamo.core.message.Message.WriteReply;
import dynamo.core.version.ConflictMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestTableTest {
    private final List<String> late = new ArrayList<>();
    private final OperationHarness h = new OperationHarness(ConflictMode.LINEARIZABLE, new NodeEvents() {
        @Override
        public void replicaTimedOut(String replica) {
            late.add(replica);
        }
    });

    /** An operation that records what the table does to it; it owes answers from n2 and n3. */
    private final class ProbeOperation extends CoordinatedOperation {
        final List<Message> replies = new ArrayList<>();
        final Set<String> owing = new HashSet<>(List.of("n2", "n3"));
        int starts;
        int replicaDeadlines;

        ProbeOperation() {
            super(h.requests.nextId(), h.ctx);
        }

        @Override
        public void start() {
            starts++;
        }

        @Override
        public void onReply(Message reply) {
            replies.add(reply);
            owing.remove(reply.from());
        }

        @Override
        public Collection<String> awaited() {
            return owing;
        }

        @Override
        public void onReplicaDeadline() {
            super.onReplicaDeadline();
            replicaDeadlines++;
        }

        /** Needs both n2 and n3. */
        @Override
        protected List<String> unreachableQuorum() {
            return downAndNeeded(List.of("n2", "n3"), List.of(), nodes -> nodes.size() == 2);
        }

        @Override
        protected String describeProgress() {
            return "probing";
        }

        void answer() {
            finish(ClientResponse.notFound());
        }
    }

    @Test
    void idsAreUnique() {
        long first = h.requests.nextId();
        long second = h.requests.nextId();

        assertThat(second).isGreaterThan(first);
    }

    @Test
    void startTracksAndStartsTheOperation() {
        ProbeOperation op = new ProbeOperation();

        h.requests.start(op, 2000);

        assertThat(op.starts).isEqualTo(1);
        assertThat(h.requests.size()).isEqualTo(1);
    }

    @Test
    void deliverRoutesRepliesByRequestId() {
        ProbeOperation op = new ProbeOperation();
        ProbeOperation other = new ProbeOperation();
        h.requests.start(op, 2000);
        h.requests.start(other, 2000);

        h.requests.deliver(new WriteReply(op.id(), "n2"));
        h.requests.deliver(new WriteReply(999, "n2"));

        assertThat(op.replies).containsExactly(new WriteReply(op.id(), "n2"));
        assertThat(other.replies).isEmpty();
    }

    @Test
    void answeredOperationsStillGetRepliesUntilTheirDeadline() {
        ProbeOperation op = new ProbeOperation();
        h.requests.start(op, 2000);
        op.answer();

        h.scheduler.advance(1999);
        h.requests.deliver(new WriteReply(op.id(), "n3"));

        assertThat(op.replies).hasSize(1);
        assertThat(h.requests.size()).isEqualTo(1);
    }

    @Test
    void deadlineAnswersUnavailableAndForgetsTheOperation() {
        ProbeOperation op = new ProbeOperation();
        h.requests.start(op, 2000);

        h.advanceHearing(2000, "n2", "n3");

        assertThat(op.result().join().status()).isEqualTo(Status.UNAVAILABLE);
        assertThat(op.result().join().message()).contains("probing");
        assertThat(h.requests.size()).isZero();
        h.requests.deliver(new WriteReply(op.id(), "n2"));
        assertThat(op.replies).as("replies after the deadline are dropped").isEmpty();
    }

    @Test
    void deadlineKeepsAnEarlierAnswer() {
        ProbeOperation op = new ProbeOperation();
        h.requests.start(op, 2000);
        op.answer();

        h.scheduler.advance(2000);

        assertThat(op.result().join().status()).isEqualTo(Status.NOT_FOUND);
        assertThat(h.requests.size()).isZero();
    }

    @Test
    void registerArmsTheDeadlineWithoutStarting() {
        ProbeOperation op = new ProbeOperation();

        h.requests.register(op, 2000);

        assertThat(op.starts).isZero();
        assertThat(h.requests.size()).isEqualTo(1);
        assertThat(h.requests.begin(op)).isTrue();
        assertThat(op.starts).isEqualTo(1);
    }

    @Test
    void beginAfterTheDeadlineDoesNotStart() {
        ProbeOperation op = new ProbeOperation();
        h.requests.register(op, 500);
        h.scheduler.advance(500);

        assertThat(h.requests.begin(op)).isFalse();
        assertThat(op.starts).isZero();
        assertThat(op.result().join().status()).isEqualTo(Status.UNAVAILABLE);
    }

    @Test
    void theFirstReplicaDeadlineReportsWhoIsStillAwaitedAsLateWithoutCallingThemDown() {
        ProbeOperation op = new ProbeOperation();
        h.requests.start(op, 2000);
        h.requests.deliver(new WriteReply(op.id(), "n2"));

        h.scheduler.advance(99);
        assertThat(late).isEmpty();
        h.scheduler.advance(1);

        assertThat(late).containsExactly("n3");
        assertThat(h.detector.seemsUp("n3")).as("lateness is not liveness").isTrue();
        h.scheduler.advance(300);
        assertThat(late).as("reported once").containsExactly("n3");
    }

    @Test
    void replicaDeadlineCountsFromBeginNotFromRegister() {
        ProbeOperation op = new ProbeOperation();
        h.requests.register(op, 2000);
        h.scheduler.advance(150);
        h.requests.begin(op);

        h.scheduler.advance(99);
        assertThat(op.replicaDeadlines).isZero();
        h.scheduler.advance(1);
        assertThat(op.replicaDeadlines).isEqualTo(1);
    }

    @Test
    void theReplicaDeadlineTicksUntilTheOperationIsDone() {
        ProbeOperation op = new ProbeOperation();
        h.requests.start(op, 2000);

        h.scheduler.advance(300);
        assertThat(op.replicaDeadlines).isEqualTo(3);
        op.answer();
        h.scheduler.advance(300);

        assertThat(op.replicaDeadlines).isEqualTo(3);
        assertThat(late).containsExactlyInAnyOrder("n2", "n3");
    }

    @Test
    void answeredOperationsReportNobodyLate() {
        ProbeOperation op = new ProbeOperation();
        h.requests.start(op, 2000);
        op.answer();

        h.scheduler.advance(100);

        assertThat(late).isEmpty();
        assertThat(op.replicaDeadlines).isZero();
    }

    @Test
    void aQuorumThatNeedsAReplicaDownForASuspicionPeriodFailsAtThatReplicaDeadlineNotTheRequestDeadline() {
        ProbeOperation op = new ProbeOperation();
        h.requests.start(op, 2000);
        h.detector.unreachable("n3");

        h.scheduler.advance(399);
        assertThat(op.result()).as("down for less than a suspicion period: maybe a moment's silence").isNotDone();
        h.scheduler.advance(1);

        ClientResponse response = op.result().join();
        assertThat(response.status()).isEqualTo(Status.UNAVAILABLE);
        assertThat(response.message()).isEqualTo("quorum unreachable: n3 seems down");
    }

    @Test
    void aQuorumStillWithinReachWaits() {
        ProbeOperation op = new ProbeOperation();
        h.requests.start(op, 2000);

        h.advanceHearing(1999, "n2", "n3");

        assertThat(op.result()).isNotDone();
    }
}
