package dynamo.core.operation;

import dynamo.core.epoch.EpochFence;
import dynamo.core.message.Message;
import dynamo.core.message.Message.StaleEpoch;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The operations this node has in flight, by request id. An operation stays until its deadline so
 * that late replies can still be used (read repair); the deadline also answers unanswered clients.
 */
public final class RequestTable {
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CoordinatedOperation> inFlight = new ConcurrentHashMap<>();
    private final OperationContext ctx;

    public RequestTable(OperationContext ctx) {
        this.ctx = ctx;
    }

    public long nextId() {
        return ids.incrementAndGet();
    }

    /** Registers and starts {@code op}; it will be answered by {@code deadlineMillis} from now at the latest. */
    public void start(CoordinatedOperation op, long deadlineMillis) {
        register(op, deadlineMillis);
        begin(op);
    }

    /** Tracks {@code op} and arms its deadline, without sending anything yet. */
    public void register(CoordinatedOperation op, long deadlineMillis) {
        inFlight.put(op.id(), op);
        ctx.scheduler().schedule(() -> {
            synchronized (op) {
                op.onDeadline();
            }
            inFlight.remove(op.id());
        }, deadlineMillis);
    }

    /** Starts a registered operation, unless its deadline already answered it; returns whether it started. */
    public boolean begin(CoordinatedOperation op) {
        synchronized (op) {
            if (op.isDone()) {
                return false;
            }
            op.start();
        }
        everyReplicaDeadline(op);
        return true;
    }

    /** Ticks {@code op} at each replica deadline from its start until it is done. */
    private void everyReplicaDeadline(CoordinatedOperation op) {
        ctx.scheduler().schedule(() -> {
            synchronized (op) {
                if (op.isDone()) {
                    return;
                }
                op.onReplicaDeadline();
            }
            everyReplicaDeadline(op);
        }, ctx.deadlines().replicaMillis());
    }

    /** Routes a reply to its operation; replies to finished-and-forgotten operations are dropped. */
    public void deliver(Message reply) {
        CoordinatedOperation op = inFlight.get(reply.requestId());
        if (op == null) {
            return;
        }
        synchronized (op) {
            if (!(reply instanceof StaleEpoch refusal)) {
                op.onReply(reply);
            } else if (EpochFence.senderWasStale(refusal)) {
                op.onStaleRing(refusal);
            } // else the replica is behind and fetching: as good as silent, its deadline covers it
        }
    }

    public int size() {
        return inFlight.size();
    }
}
