package dynamo.core.coordination;

import dynamo.core.message.ClientRequest;
import dynamo.core.message.ClientResponse;
import dynamo.core.message.Message.ForwardReply;
import dynamo.core.message.Message.ForwardRequest;
import dynamo.core.ring.Ring;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Entry point of the data path on the coordinating side. A request for a key goes to the first live
 * node of the key's preference list: this node runs it as a get or put state machine if that is
 * itself, and otherwise forwards it there and relays the answer. Forwarded requests are always run
 * where they arrive, so forwarding never loops.
 */
public final class Coordinator {
    private final OperationContext ctx;
    private final Supplier<Ring> ring;
    private final RequestTable requests;
    private final WriteQueue writes = new WriteQueue();
    private final NodeEvents listener;

    public Coordinator(OperationContext ctx, Supplier<Ring> ring, RequestTable requests) {
        this.ctx = ctx;
        this.ring = ring;
        this.requests = requests;
        this.listener = ctx.events();
    }

    /** A client's request arriving at this node. */
    public CompletableFuture<ClientResponse> submit(ClientRequest request) {
        long deadlineAt = ctx.scheduler().nowMillis() + ctx.timeouts().requestMillis();
        return route(request, preferenceList(request.key()), deadlineAt);
    }

    /**
     * Runs the request here if this node is the first live candidate, else forwards it. A forward that
     * gets no answer moves on to the next candidate: always for a get (reads are idempotent), and for a
     * put only once the silent target is suspected to be down, so that a slow but live coordinator is
     * not joined by a second one running the same write.
     */
    private CompletableFuture<ClientResponse> route(ClientRequest request, List<String> candidates, long deadlineAt) {
        long remaining = deadlineAt - ctx.scheduler().nowMillis();
        String target = candidates.stream().filter(ctx.detector()::seemsUp).findFirst().orElse(ctx.self());
        if (target.equals(ctx.self()) || remaining <= ctx.timeouts().replicaMillis()) {
            return coordinate(request, Math.max(remaining, 1));
        }
        listener.forwarded();
        ForwardOperation forward = new ForwardOperation(requests.nextId(), ctx, request, target);
        requests.start(forward, Math.min(remaining, forwardAttemptMillis()));
        return forward.result().thenCompose(response -> {
            boolean isPut = request.kind() == ClientRequest.Kind.PUT;
            boolean retry = forward.timedOut() && (!isPut || !ctx.detector().seemsUp(target));
            if (!retry) {
                return CompletableFuture.completedFuture(response);
            }
            CompletableFuture<ClientResponse> again = route(request, without(candidates, target), deadlineAt);
            return isPut ? again.thenApply(Coordinator::afterRetry) : again;
        });
    }

    /**
     * The silent first coordinator may have written part of the put before it died, so the retry
     * seeing a newer version than {@code fromVersion} does not prove the put had no effect: that
     * outcome is unknown, not "success: false".
     */
    private static ClientResponse afterRetry(ClientResponse response) {
        return response.status() == ClientResponse.Status.REJECTED
                ? ClientResponse.unavailable("coordinator failed during a conditional put: outcome unknown")
                : response;
    }

    /** Long enough for a live coordinator to finish a normal request, short enough to fail over in time. */
    private long forwardAttemptMillis() {
        Timeouts t = ctx.timeouts();
        return Math.max(t.suspectAfterMillis() + t.replicaMillis(), t.requestMillis() / 2);
    }

    private static List<String> without(List<String> candidates, String node) {
        return candidates.stream().filter(c -> !c.equals(node)).toList();
    }

    /** Another node handed us a request: run it here and send the answer back. */
    public void onForward(ForwardRequest forwarded) {
        // Answer a little before the forwarder's own deadline so that our answer, not its timeout, wins.
        long deadline = Math.max(ctx.timeouts().replicaMillis(),
                ctx.timeouts().requestMillis() - ctx.timeouts().replicaMillis());
        coordinate(forwarded.request(), deadline).thenAccept(response ->
                ctx.send(forwarded.from(), new ForwardReply(forwarded.requestId(), ctx.self(), response)));
    }

    private CompletableFuture<ClientResponse> coordinate(ClientRequest request, long deadlineMillis) {
        List<String> replicas = preferenceList(request.key());
        long started = ctx.scheduler().nowMillis();
        CompletableFuture<ClientResponse> result = request.kind() == ClientRequest.Kind.GET
                ? get(request, replicas, deadlineMillis)
                : put(request, replicas, deadlineMillis);
        return result.whenComplete((response, error) ->
                listener.coordinated(request, response, ctx.scheduler().nowMillis() - started));
    }

    private CompletableFuture<ClientResponse> get(ClientRequest request, List<String> replicas, long deadline) {
        GetOperation op = new GetOperation(requests.nextId(), ctx, request.key(), replicas, request.quorum());
        requests.start(op, deadline);
        return op.result();
    }

    private CompletableFuture<ClientResponse> put(ClientRequest request, List<String> replicas, long deadline) {
        List<String> all = ring.get().preferenceList(request.key(), Integer.MAX_VALUE);
        List<String> standIns = all.subList(Math.min(replicas.size(), all.size()), all.size());
        PutOperation op = new PutOperation(requests.nextId(), ctx, request.key(), request.value(),
                request.fromVersion(), replicas, standIns, request.quorum());
        requests.register(op, deadline);
        writes.submit(request.key(), () -> {
            if (requests.begin(op)) {
                op.result().whenComplete((r, e) -> writes.done(request.key()));
            } else {
                writes.done(request.key());
            }
        });
        return op.result();
    }

    private List<String> preferenceList(byte[] key) {
        return ring.get().preferenceList(key, ctx.defaults().n());
    }
}
