package dynamo.core.routing;

import dynamo.core.message.ClientRequest;
import dynamo.core.message.ClientResponse;
import dynamo.core.message.Message.ForwardReply;
import dynamo.core.message.Message.ForwardRequest;
import dynamo.core.message.OperationId;
import dynamo.core.operation.CoordinatedOperation;
import dynamo.core.operation.NodeEvents;
import dynamo.core.operation.OperationContext;
import dynamo.core.operation.ReplicaSets;
import dynamo.core.operation.RequestTable;
import dynamo.core.paxos.Proposal;
import dynamo.core.paxos.ProposeOperation;
import dynamo.core.paxos.ProposerCache;
import dynamo.core.paxos.ReadOperation;
import dynamo.core.ring.Ring;
import dynamo.core.siblings.GetOperation;
import dynamo.core.siblings.PutOperation;
import dynamo.core.version.ConflictMode;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Entry point of the data path on the coordinating side.
 *
 * <p>Linearizable mode: a get runs here, on whichever node it arrived ({@link ReadOperation}: one
 * round trip to the replicas). A put goes to the key's coordinator, the first live node of its
 * preference list, which runs it as a {@link ProposeOperation} (one round trip while it holds the
 * key's promise); other nodes forward it there and relay the answer.
 *
 * <p>Siblings mode (Dynamo's own): gets and puts are forwarded alike and run as {@link GetOperation}
 * and {@link PutOperation}.
 *
 * <p>Forwarded requests are always run where they arrive, so forwarding never loops.
 */
public final class Coordinator {
    private final OperationContext ctx;
    private final Supplier<Ring> ring;
    private final Function<byte[], ReplicaSets> replicasOf;
    private final RequestTable requests;
    private final WriteQueue writes = new WriteQueue();
    private final ProposerCache promises;
    private final NodeEvents listener;
    private final boolean linearizable;

    /** @param replicasOf a key's replicas at this node's epoch (both lists during a move) */
    public Coordinator(OperationContext ctx, Supplier<Ring> ring, Function<byte[], ReplicaSets> replicasOf,
            RequestTable requests, ProposerCache promises) {
        this.ctx = ctx;
        this.ring = ring;
        this.replicasOf = replicasOf;
        this.requests = requests;
        this.promises = promises;
        this.listener = ctx.events();
        this.linearizable = ctx.resolver().mode() == ConflictMode.LINEARIZABLE;
    }

    /** A client's request arriving at this node; a put is named here once, for every retry. */
    public CompletableFuture<ClientResponse> submit(ClientRequest request) {
        return submit(named(request), deadlineFromNow());
    }

    /** When a client's request that arrives now must be answered (every attempt of it keeps this). */
    public long deadlineFromNow() {
        return ctx.scheduler().nowMillis() + ctx.deadlines().requestMillis();
    }

    /** The request with its operation id, if it is a put: what every attempt of it must carry. */
    public ClientRequest named(ClientRequest request) {
        return request.kind() == ClientRequest.Kind.PUT
                ? request.withId(new OperationId(ctx.self(), ctx.nextWriteSequence())) : request;
    }

    /** One attempt of a {@link #named} request, by its deadline (a retry keeps the first attempt's). */
    public CompletableFuture<ClientResponse> submit(ClientRequest named, long deadlineAt) {
        if (named.kind() != ClientRequest.Kind.PUT && linearizable) {
            return coordinate(named, deadlineAt);
        }
        return route(named, preferenceList(named.key()), deadlineAt);
    }

    /**
     * Runs the request here if this node is the first live candidate, else forwards it. A forward that
     * gets no answer moves on to the next candidate: always for a read or a read's round (idempotent),
     * and for a put once the silent target is suspected to be down. In linearizable mode a put is also
     * handed to the next coordinator when a live one is slower than the hedge time (a node just
     * restarted, with a cold JIT, is the usual one), and the first answer of the two counts: a second
     * coordinator is safe there, since replicas recognise the write's operation id, and costs at most
     * a round of dueling ballots. In siblings mode a slow coordinator is not joined by a second one
     * running the same write.
     */
    private CompletableFuture<ClientResponse> route(ClientRequest request, List<String> candidates, long deadlineAt) {
        long remaining = deadlineAt - ctx.scheduler().nowMillis();
        if (remaining <= 0) {
            return CompletableFuture.completedFuture(ClientResponse.unavailable("no live coordinator answered in time"));
        }
        String target = candidates.stream().filter(ctx.detector()::seemsUp).findFirst().orElse(ctx.self());
        if (target.equals(ctx.self()) || !ctx.deadlines().worthForwarding(remaining)) {
            return coordinate(request, deadlineAt);
        }
        listener.forwarded();
        boolean hedged = linearizable && candidates.size() > 1;
        ForwardOperation forward = new ForwardOperation(requests.nextId(), ctx, request, target,
                ctx.deadlines().forwardedDeadline(deadlineAt), hedged ? ctx.deadlines().hedgeMillis() : 0);
        requests.start(forward, remaining);
        boolean isPut = request.kind() == ClientRequest.Kind.PUT;
        List<String> rest = without(candidates, target);
        CompletableFuture<ClientResponse> first = forward.result().thenCompose(response -> {
            boolean retry = forward.failedOver() || (forward.timedOut() && !isPut);
            if (!retry || forward.hedgeDue().isDone()) { // once hedged, the second attempt covers the rest
                return CompletableFuture.completedFuture(response);
            }
            CompletableFuture<ClientResponse> again = route(request, rest, deadlineAt);
            return isPut && !linearizable ? again.thenApply(Coordinator::afterRetry) : again;
        });
        return hedged ? firstAnswer(first, forward.hedgeDue(), () -> route(request, rest, deadlineAt)) : first;
    }

    /**
     * The answer of whichever attempt knows one: the first attempt's, or, once its hedge time passed,
     * a second coordinator's, both running. 503 only when every attempt that ran answered 503.
     */
    private static CompletableFuture<ClientResponse> firstAnswer(CompletableFuture<ClientResponse> first,
            CompletableFuture<Void> hedgeDue, Supplier<CompletableFuture<ClientResponse>> second) {
        CompletableFuture<ClientResponse> answer = new CompletableFuture<>();
        AtomicInteger running = new AtomicInteger(1);
        BiConsumer<ClientResponse, Throwable> settle = (response, error) -> {
            if (error != null) {
                answer.completeExceptionally(error);
            } else if (response.status() != ClientResponse.Status.UNAVAILABLE || running.decrementAndGet() == 0) {
                answer.complete(response);
            }
        };
        first.whenComplete(settle);
        hedgeDue.thenRun(() -> {
            running.incrementAndGet();
            second.get().whenComplete(settle);
        });
        return answer;
    }

    /**
     * Siblings mode: the silent first coordinator may have written part of the put before it died, so
     * the retry seeing a newer version than {@code fromVersion} does not prove the put had no effect.
     * (Linearizable mode needs no such care: a retry finds the first attempt's operation id if it was
     * chosen, and a write that was not chosen by then never will be.)
     */
    private static ClientResponse afterRetry(ClientResponse response) {
        return response.status() == ClientResponse.Status.REJECTED
                ? ClientResponse.unavailable("coordinator failed during a conditional put: outcome unknown")
                : response;
    }

    private static List<String> without(List<String> candidates, String node) {
        return candidates.stream().filter(c -> !c.equals(node)).toList();
    }

    /**
     * Another node handed us a request: run it here by its deadline and send the answer back. One that
     * arrives too late (it waited out a pause of this node) is not run at all.
     */
    public void onForward(ForwardRequest forwarded) {
        long deadlineAt = forwarded.deadlineAtMillis();
        CompletableFuture<ClientResponse> answer = deadlineAt <= ctx.scheduler().nowMillis()
                ? CompletableFuture.completedFuture(ClientResponse.unavailable("arrived after its deadline"))
                : coordinate(forwarded.request(), deadlineAt);
        answer.thenAccept(response ->
                ctx.send(forwarded.from(), new ForwardReply(forwarded.requestId(), ctx.self(), response)));
    }

    private CompletableFuture<ClientResponse> coordinate(ClientRequest request, long deadlineAt) {
        ReplicaSets sets = replicasOf.apply(request.key());
        List<String> replicas = sets.current();
        long started = ctx.scheduler().nowMillis();
        long budget = Math.max(1, deadlineAt - started);
        CompletableFuture<ClientResponse> result = switch (request.kind()) {
            case GET -> linearizable ? read(request, sets, deadlineAt) : get(request, replicas, budget);
            case PUT -> linearizable ? propose(request, sets, deadlineAt) : put(request, sets.all(), budget);
            case FINISH_ROUND -> propose(request, sets, deadlineAt);
        };
        return result.whenComplete((response, error) ->
                listener.coordinated(request, response, ctx.scheduler().nowMillis() - started));
    }

    private CompletableFuture<ClientResponse> read(ClientRequest request, ReplicaSets sets, long deadlineAt) {
        ClientRequest round = ClientRequest.finishRound(request.key(), request.quorum());
        ReadOperation op = new ReadOperation(requests.nextId(), ctx, request.key(), sets, request.quorum(),
                () -> route(round, sets.current(), deadlineAt));
        requests.start(op, Math.max(1, deadlineAt - ctx.scheduler().nowMillis()));
        return op.result();
    }

    /**
     * Writes of one key, and the rounds its disagreeing reads need, run one at a time here, the key's
     * coordinator: each takes the key's promise in turn, so they never duel for ballots.
     */
    private CompletableFuture<ClientResponse> propose(ClientRequest request, ReplicaSets sets, long deadlineAt) {
        Proposal proposal = request.kind() == ClientRequest.Kind.FINISH_ROUND ? Proposal.read()
                : Proposal.write(request.value(), request.fromVersion(), request.id());
        ProposeOperation op = new ProposeOperation(requests.nextId(), ctx, request.key(), proposal, sets,
                standIns(request.key(), sets.all()), request.quorum(), promises, deadlineAt);
        return inTurn(request.key(), op, Math.max(1, deadlineAt - ctx.scheduler().nowMillis()));
    }

    /** Runs {@code op} once the operations on {@code key} queued before it here are done. */
    private CompletableFuture<ClientResponse> inTurn(byte[] key, CoordinatedOperation op, long deadlineMillis) {
        requests.register(op, deadlineMillis);
        writes.submit(key, () -> {
            if (requests.begin(op)) {
                op.result().whenComplete((r, e) -> writes.done(key));
            } else {
                writes.done(key);
            }
        });
        return op.result();
    }

    private CompletableFuture<ClientResponse> get(ClientRequest request, List<String> replicas, long deadline) {
        GetOperation op = new GetOperation(requests.nextId(), ctx, request.key(), replicas, request.quorum());
        requests.start(op, deadline);
        return op.result();
    }

    private CompletableFuture<ClientResponse> put(ClientRequest request, List<String> replicas, long deadline) {
        PutOperation op = new PutOperation(requests.nextId(), ctx, request.key(), request.value(),
                request.fromVersion(), replicas, standIns(request.key(), replicas), request.quorum());
        return inTurn(request.key(), op, deadline);
    }

    /** The nodes after the preference list on the ring, in order: where hints go. */
    private List<String> standIns(byte[] key, List<String> replicas) {
        return ring.get().preferenceList(key, Integer.MAX_VALUE).stream().filter(n -> !replicas.contains(n)).toList();
    }

    private List<String> preferenceList(byte[] key) {
        return ring.get().preferenceList(key, ctx.defaults().n());
    }
}
