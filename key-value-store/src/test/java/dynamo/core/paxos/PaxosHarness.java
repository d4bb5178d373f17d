package dynamo.core.paxos;

import dynamo.core.operation.ReplicaSets;
import dynamo.core.liveness.FailureDetector;
import dynamo.core.operation.ManualScheduler;
import dynamo.core.operation.NodeEvents;
import dynamo.core.operation.OperationContext;
import dynamo.core.operation.Quorum;
import dynamo.core.operation.RecordingTransport;
import dynamo.core.operation.RecordingTransport.Sent;
import dynamo.core.operation.RequestTable;
import dynamo.core.operation.Timeouts;
import dynamo.core.message.Message;
import dynamo.core.message.Message.Accept;
import dynamo.core.message.Message.Accepted;
import dynamo.core.message.Message.Prepare;
import dynamo.core.message.Message.Promise;
import dynamo.core.message.Message.ReadReply;
import dynamo.core.message.Message.ReadRequest;
import dynamo.core.message.Message.WriteReply;
import dynamo.core.message.Message.WriteRequest;
import dynamo.core.message.OperationId;
import dynamo.core.storage.KeyState;
import dynamo.core.version.BallotClock;
import dynamo.core.version.ConflictMode;
import dynamo.core.version.Version;
import dynamo.core.version.VersionResolver;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A proposer "n1" on a manual clock with three simulated acceptors of one key: messages the proposer
 * sends are recorded, and {@link #deliver} lets chosen acceptors answer them by the real
 * {@link Acceptor} rules, so tests decide exactly who hears what and when.
 */
final class PaxosHarness {
    static final String SELF = "n1";
    static final List<String> REPLICAS = List.of("n1", "n2", "n3");
    static final List<String> STAND_INS = List.of("n4", "n5");
    static final Timeouts TIMEOUTS = new Timeouts(100, 2000, 100, 400);
    static final byte[] KEY = "k".getBytes(StandardCharsets.UTF_8);
    static final long FLOOR = 0;

    static final long START_MILLIS = 1_700_000_000_000L;

    final ManualScheduler scheduler = new ManualScheduler(START_MILLIS);
    final RecordingTransport transport = new RecordingTransport();
    final FailureDetector detector = new FailureDetector(SELF, scheduler, TIMEOUTS.suspectAfterMillis());
    final OperationContext ctx;
    final RequestTable requests;
    final ProposerCache cache = new ProposerCache(100);
    final Map<String, KeyState> acceptors = new HashMap<>();
    private final Set<Integer> delivered = new HashSet<>();
    private long sequence;

    PaxosHarness() {
        this(new BallotClock(SELF));
    }

    /** A proposer whose ballots come from {@code ballots} (one opened on a reservation, say). */
    PaxosHarness(BallotClock ballots) {
        ctx = new OperationContext(SELF, transport, scheduler, detector, new VersionResolver(ConflictMode.LINEARIZABLE),
                new Quorum(3, 2, 2), TIMEOUTS, new AtomicLong(), ballots, NodeEvents.NONE);
        requests = new RequestTable(ctx);
        REPLICAS.forEach(r -> acceptors.put(r, KeyState.EMPTY));
    }

    ProposeOperation write(String value, Version from) {
        return write(value, from, new OperationId(SELF, ++sequence));
    }

    ProposeOperation write(String value, Version from, OperationId id) {
        return write(value, from, id, 2);
    }

    /** A write whose client hears of it after {@code clientAcks} accepts (W). */
    ProposeOperation write(String value, Version from, OperationId id, int clientAcks) {
        ProposeOperation op = new ProposeOperation(requests.nextId(), ctx, KEY,
                Proposal.write(value == null ? null : value.getBytes(StandardCharsets.UTF_8), from, id), ReplicaSets.of(REPLICAS),
                STAND_INS, clientAcks, cache, scheduler.nowMillis() + TIMEOUTS.requestMillis());
        requests.start(op, TIMEOUTS.requestMillis());
        return op;
    }

    /** Lets every acceptor in {@code nodes} answer everything sent to it so far (and what that causes). */
    int deliver(String... nodes) {
        Set<String> to = Set.of(nodes);
        return deliverWhere(s -> to.contains(s.to()));
    }

    int deliverWhere(Predicate<Sent> which) {
        int count = 0;
        boolean progress = true;
        while (progress) {
            progress = false;
            List<Sent> sent = transport.sent();
            for (int i = 0; i < sent.size(); i++) {
                if (!delivered.contains(i) && which.test(sent.get(i))) {
                    delivered.add(i);
                    answer(sent.get(i));
                    count++;
                    progress = true;
                }
            }
        }
        return count;
    }

    /** Drops everything sent so far that is still undelivered (a lost message). */
    void dropPending() {
        for (int i = 0; i < transport.sent().size(); i++) {
            delivered.add(i);
        }
    }

    private void answer(Sent sent) {
        String node = sent.to();
        KeyState state = acceptors.get(node);
        if (state == null) {
            return; // a stand-in: hints are not modelled here
        }
        Message m = sent.message();
        if (m instanceof Prepare p) {
            KeyState after = Acceptor.prepare(state, p.ballot());
            acceptors.put(node, after);
            boolean ok = Acceptor.promised(after, p.ballot());
            requests.deliver(new Promise(p.requestId(), node, p.ballot(), ok, after.promised(), after.accepted(),
                    ok ? after.versions() : List.of()));
        } else if (m instanceof Accept a) {
            KeyState after = Acceptor.accept(state, a.ballot(), a.versions(), a.next(), FLOOR);
            acceptors.put(node, after);
            requests.deliver(new Accepted(a.requestId(), node, a.ballot(), Acceptor.accepted(after, a.ballot()),
                    after.promised()));
        } else if (m instanceof ReadRequest r) {
            requests.deliver(new ReadReply(r.requestId(), node, state.versions(), state.accepted()));
        } else if (m instanceof WriteRequest w) {
            acceptors.put(node, Acceptor.lateCopy(state, w.accepted(), w.versions(), FLOOR));
            requests.deliver(new WriteReply(w.requestId(), node));
        }
    }

    <T extends Message> List<T> sent(Class<T> type) {
        return transport.sent(type);
    }

    static String text(byte[] value) {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }
}
