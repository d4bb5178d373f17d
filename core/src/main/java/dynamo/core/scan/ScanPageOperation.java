package dynamo.core.scan;

import dynamo.core.epoch.EpochFence;
import dynamo.core.message.Message;
import dynamo.core.message.Message.ScanReply;
import dynamo.core.message.Message.ScanRequest;
import dynamo.core.message.Message.StaleEpoch;
import dynamo.core.operation.CoordinatedOperation;
import dynamo.core.operation.OperationContext;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * Fetches one page of one node's stored entries, for a global scan. The operation stays in the
 * request table until its deadline (as every operation does), but lets go of the page once it has
 * handed it over: otherwise every page a fast scan fetched within one deadline stayed in memory.
 */
public final class ScanPageOperation extends CoordinatedOperation {
    private final String node;
    private final byte[] afterKey;
    private final int limit;
    private CompletableFuture<ScanReply> page = new CompletableFuture<>();

    public ScanPageOperation(long id, OperationContext ctx, String node, byte[] afterKey, int limit) {
        super(id, ctx);
        this.node = node;
        this.afterKey = afterKey;
        this.limit = limit;
    }

    /** The page to come; ask before {@link #start}, as the operation forgets it once answered. */
    public CompletableFuture<ScanReply> page() {
        return page;
    }

    @Override
    public void start() {
        ctx.send(node, new ScanRequest(id, ctx.self(), afterKey, limit));
    }

    @Override
    public void onReply(Message reply) {
        if (reply instanceof ScanReply scan && !isDone()) {
            markDone();
            handOver().complete(scan);
        }
    }

    @Override
    public void onDeadline() {
        if (!isDone()) {
            markDone();
            handOver().completeExceptionally(new TimeoutException("no scan page from " + node));
        }
    }

    /** A refused page fails the scan now rather than at the deadline. */
    @Override
    public void onStaleRing(StaleEpoch refusal) {
        if (!isDone()) {
            markDone();
            handOver().completeExceptionally(new IllegalStateException(EpochFence.reason(refusal)));
        }
    }

    private CompletableFuture<ScanReply> handOver() {
        CompletableFuture<ScanReply> answer = page;
        page = null;
        return answer;
    }

    @Override
    public Collection<String> awaited() {
        return List.of(node);
    }

    @Override
    protected String describeProgress() {
        return "scan page from " + node;
    }
}
