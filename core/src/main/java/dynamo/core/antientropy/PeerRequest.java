package dynamo.core.antientropy;

import dynamo.core.epoch.EpochFence;
import dynamo.core.message.Message;
import dynamo.core.operation.CoordinatedOperation;
import dynamo.core.operation.OperationContext;
import dynamo.core.operation.RequestTable;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.LongFunction;

/**
 * One anti-entropy question to one peer, correlated with its answer through the request table.
 * A peer that takes long to build a tree is not suspected (it owes no quorum answer), so
 * {@link #awaited()} is empty; the request deadline alone ends the wait.
 */
public final class PeerRequest<R extends Message> extends CoordinatedOperation {
    private final String peer;
    private final LongFunction<Message> request;
    private final Class<R> replyType;
    private CompletableFuture<R> answer = new CompletableFuture<>();

    private PeerRequest(long id, OperationContext ctx, String peer, LongFunction<Message> request,
            Class<R> replyType) {
        super(id, ctx);
        this.peer = peer;
        this.request = request;
        this.replyType = replyType;
    }

    /** Sends {@code request} (built from the request id) to {@code peer}; the future fails at the deadline. */
    public static <R extends Message> CompletableFuture<R> ask(RequestTable requests, OperationContext ctx, String peer,
            LongFunction<Message> request, Class<R> replyType, long deadlineMillis) {
        PeerRequest<R> op = new PeerRequest<>(requests.nextId(), ctx, peer, request, replyType);
        CompletableFuture<R> answer = op.answer;
        requests.start(op, deadlineMillis);
        return answer;
    }

    @Override
    public void start() {
        ctx.send(peer, request.apply(id));
    }

    @Override
    public void onReply(Message reply) {
        if (replyType.isInstance(reply) && !isDone()) {
            complete().complete(replyType.cast(reply));
        }
    }

    @Override
    public void onDeadline() {
        if (!isDone()) {
            complete().completeExceptionally(new TimeoutException(describeProgress()));
        }
    }

    @Override
    public void onStaleRing(Message.StaleEpoch refusal) {
        if (!isDone()) {
            complete().completeExceptionally(new IllegalStateException(EpochFence.reason(refusal)));
        }
    }

    /** Ends the operation; the table keeps it until the deadline, so it lets go of the (large) answer. */
    private CompletableFuture<R> complete() {
        markDone();
        CompletableFuture<R> pending = answer;
        answer = null;
        return pending;
    }

    @Override
    public Collection<String> awaited() {
        return List.of();
    }

    @Override
    protected String describeProgress() {
        return "no " + replyType.getSimpleName() + " from " + peer;
    }
}
