package dynamo.core.operation;

import dynamo.core.liveness.FailureDetector;
import dynamo.core.message.Message.ReadReply;
import dynamo.core.message.Message.WriteReply;
import dynamo.core.siblings.GetOperation;
import dynamo.core.version.ConflictMode;
import dynamo.core.version.VersionResolver;
import dynamo.core.version.Versioned;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** One coordinating node ("n1") with manual time and a recording transport, for state-machine tests. */
public final class OperationHarness {
    public static final String SELF = "n1";
    public static final List<String> REPLICAS = List.of("n1", "n2", "n3");
    public static final List<String> STAND_INS = List.of("n4", "n5");
    public static final Timeouts TIMEOUTS = new Timeouts(100, 2000, 100, 400);

    public final ManualScheduler scheduler = new ManualScheduler(1_000_000);
    public final RecordingTransport transport = new RecordingTransport();
    public final FailureDetector detector = new FailureDetector(SELF, scheduler, TIMEOUTS.suspectAfterMillis());
    public final OperationContext ctx;
    public final RequestTable requests;

    public OperationHarness() {
        this(ConflictMode.LINEARIZABLE);
    }

    public OperationHarness(ConflictMode mode) {
        this(mode, NodeEvents.NONE);
    }

    public OperationHarness(ConflictMode mode, NodeEvents events) {
        ctx = new OperationContext(SELF, transport, scheduler, detector, new VersionResolver(mode),
                new Quorum(3, 2, 2), TIMEOUTS, new AtomicLong(), events);
        requests = new RequestTable(ctx);
    }

    public GetOperation get(byte[] key) {
        return get(key, 2);
    }

    public GetOperation get(byte[] key, int r) {
        return new GetOperation(requests.nextId(), ctx, key, REPLICAS, r);
    }

    /** Starts {@code op} through the request table, with the configured request deadline. */
    public <T extends CoordinatedOperation> T start(T op) {
        requests.start(op, TIMEOUTS.requestMillis());
        return op;
    }

    /** Lets {@code millis} pass while {@code peers} stay heard from (slow but alive: their pongs arrive). */
    public void advanceHearing(long millis, String... peers) {
        for (long left = millis; left > 0; left -= TIMEOUTS.heartbeatMillis()) {
            for (String peer : peers) {
                detector.heard(peer);
            }
            scheduler.advance(Math.min(left, TIMEOUTS.heartbeatMillis()));
        }
    }

    public void read(CoordinatedOperation op, String from, Versioned... versions) {
        requests.deliver(new ReadReply(op.id(), from, List.of(versions)));
    }

    public void ack(CoordinatedOperation op, String from) {
        requests.deliver(new WriteReply(op.id(), from));
    }
}
