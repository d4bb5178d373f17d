package dynamo.core.operation;

import dynamo.core.epoch.EpochFence;
import dynamo.core.message.ClientResponse;
import dynamo.core.message.Message;
import dynamo.core.message.Message.StaleEpoch;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * One client request as a state machine. The coordinator feeds it replies and timer events while
 * holding its monitor, so subclasses need no further locking; sends never block. Each kind of
 * operation keeps its own steps; this class knows only whether it is done.
 */
public abstract class CoordinatedOperation {
    protected final long id;
    protected final OperationContext ctx;
    private final CompletableFuture<ClientResponse> result = new CompletableFuture<>();
    private boolean done;
    private int replicaDeadlines;

    protected CoordinatedOperation(long id, OperationContext ctx) {
        this.id = id;
        this.ctx = ctx;
    }

    public long id() {
        return id;
    }

    /** Answered (or given up): later replies may still repair replicas, but change no answer. */
    public boolean isDone() {
        return done;
    }

    public CompletableFuture<ClientResponse> result() {
        return result;
    }

    /** Sends the first round of messages. */
    public abstract void start();

    /** A reply carrying this operation's request id. */
    public abstract void onReply(Message reply);

    /** The replicas that owe an answer in the current step. */
    public abstract Collection<String> awaited();

    /** The request deadline passed: the outcome is unknown to the client. */
    public void onDeadline() {
        if (!done) {
            finish(ClientResponse.unavailable("no quorum before the deadline (" + describeProgress() + ")"));
        }
    }

    /**
     * A replica refused this operation's request because this node's ring is older than its own: the
     * operation must not complete on the stale ring, so it ends with 503 and the reason (the epoch
     * gate is already fetching the newer config).
     */
    public void onStaleRing(StaleEpoch refusal) {
        if (!done) {
            finish(EpochFence.refused(refusal));
        }
    }

    /**
     * Each replica deadline until the operation is done: at the first, the replicas still silent are
     * reported late (a metric; lateness is not liveness); at every one, if the quorum can no longer be
     * reached the client hears 503 now, with the replicas that seem down, not at the request deadline.
     * Subclasses that override this call it first.
     */
    public void onReplicaDeadline() {
        if (done) {
            return;
        }
        if (replicaDeadlines++ == 0) {
            awaited().forEach(ctx.events()::replicaTimedOut);
        }
        List<String> down = unreachableQuorum();
        if (!down.isEmpty()) {
            ctx.events().failedFast();
            finish(ClientResponse.unavailable("quorum unreachable: " + String.join(", ", down)
                    + (down.size() == 1 ? " seems" : " seem") + " down"));
        }
    }

    /**
     * The replicas that seem down, if without them this operation's quorum cannot be reached any more;
     * empty while it still can (and for operations that have no quorum to reach).
     */
    protected List<String> unreachableQuorum() {
        return List.of();
    }

    /**
     * For {@link #unreachableQuorum}: the replicas that have not answered and have seemed down for
     * {@link Deadlines#failFastAfterMillis}, if the others are not {@code enough}; else none.
     */
    protected List<String> downAndNeeded(Collection<String> replicas, Collection<String> answered,
            Predicate<List<String>> enough) {
        long after = ctx.deadlines().failFastAfterMillis();
        List<String> down = replicas.stream()
                .filter(r -> !answered.contains(r) && ctx.detector().downForMillis(r) >= after).toList();
        return down.isEmpty() || enough.test(without(replicas, down)) ? List.of() : down;
    }

    protected abstract String describeProgress();

    protected void finish(ClientResponse response) {
        done = true;
        result.complete(response);
    }

    /** For operations that answer through a future of their own: done, and the result is not used. */
    protected void markDone() {
        done = true;
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
