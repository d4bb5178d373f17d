package dynamo.core.operation;

import dynamo.core.epoch.EpochFence;
import dynamo.core.message.ClientResponse;
import dynamo.core.message.Message.StaleEpoch;
import dynamo.core.message.Message;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One client request as a state machine. The coordinator feeds it replies and timer events while
 * holding its monitor, so subclasses need no further locking; sends never block.
 */
public abstract class CoordinatedOperation {
    protected final long id;
    protected final OperationContext ctx;
    private final CompletableFuture<ClientResponse> result = new CompletableFuture<>();
    private Phase phase = Phase.READING;

    protected CoordinatedOperation(long id, OperationContext ctx) {
        this.id = id;
        this.ctx = ctx;
    }

    public long id() {
        return id;
    }

    public Phase phase() {
        return phase;
    }

    public CompletableFuture<ClientResponse> result() {
        return result;
    }

    /** Sends the first round of messages. */
    public abstract void start();

    /** A reply carrying this operation's request id. */
    public abstract void onReply(Message reply);

    /** The replicas that owe an answer in the current phase (they are suspected when it is late). */
    public abstract Collection<String> awaited();

    /** The request deadline passed: the outcome is unknown to the client. */
    public void onDeadline() {
        if (phase != Phase.DONE) {
            finish(ClientResponse.unavailable("no quorum before the deadline (" + describeProgress() + ")"));
        }
    }

    /**
     * A replica refused this operation's request because this node's ring is older than its own: the
     * operation must not complete on the stale ring, so it ends with 503 and the reason (the epoch
     * gate is already fetching the newer config).
     */
    public void onStaleRing(StaleEpoch refusal) {
        if (phase != Phase.DONE) {
            finish(ClientResponse.unavailable(EpochFence.reason(refusal)));
        }
    }

    /** Suspects replicas that missed the per-replica deadline of the current phase. */
    public void onReplicaDeadline() {
        if (phase != Phase.DONE) {
            for (String replica : new ArrayList<>(awaited())) {
                ctx.detector().missedDeadline(replica);
                ctx.events().replicaTimedOut(replica);
            }
        }
    }

    protected abstract String describeProgress();

    protected void enter(Phase next) {
        phase = next;
    }

    protected void finish(ClientResponse response) {
        phase = Phase.DONE;
        result.complete(response);
    }

    /** The nodes in either set: those that answered a round, one way or the other. */
    protected static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }

    protected static <T> List<T> without(Collection<T> all, Collection<T> excluded) {
        return all.stream().filter(x -> !excluded.contains(x)).toList();
    }
}
