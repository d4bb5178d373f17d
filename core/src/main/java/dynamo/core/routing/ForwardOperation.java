package dynamo.core.routing;

import dynamo.core.message.ClientRequest;
import dynamo.core.message.ClientResponse;
import dynamo.core.message.Message;
import dynamo.core.message.Message.ForwardReply;
import dynamo.core.message.Message.ForwardRequest;
import dynamo.core.operation.CoordinatedOperation;
import dynamo.core.operation.OperationContext;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A request this node received but does not coordinate: handed to the key's coordinator, whose answer
 * becomes ours. The coordinator must answer a margin before our deadline, so its answer, not our
 * timeout, decides. While waiting, every heartbeat this node checks that the coordinator still
 * seems up; once it does not (crashed, paused, cut off), the attempt ends at once with
 * {@link #failedOver()} so the request can move to the next replica within its deadline. With a
 * hedge time, a coordinator that is up but has not answered by then (a JVM just restarted, a long
 * collection) makes {@link #hedgeDue()} complete: the caller then asks a second coordinator as well
 * and takes whichever answers first, without giving up on this one (it may well finish in time). The
 * caller only hedges where a second coordinator is safe.
 */
public final class ForwardOperation extends CoordinatedOperation {
    private final ClientRequest request;
    private final String coordinator;
    private final long deadlineAtMillis;
    private final long hedgeAfterMillis;
    private final CompletableFuture<Void> hedgeDue = new CompletableFuture<>();
    private boolean timedOut;
    private boolean failedOver;

    /** @param hedgeAfterMillis leave a coordinator that is up but silent this long; 0: never */
    public ForwardOperation(long id, OperationContext ctx, ClientRequest request, String coordinator,
            long deadlineAtMillis, long hedgeAfterMillis) {
        super(id, ctx);
        this.request = request;
        this.coordinator = coordinator;
        this.deadlineAtMillis = deadlineAtMillis;
        this.hedgeAfterMillis = hedgeAfterMillis;
    }

    @Override
    public void start() {
        ctx.send(coordinator, new ForwardRequest(id, ctx.self(), request, deadlineAtMillis));
        watchCoordinator();
        if (hedgeAfterMillis > 0) {
            ctx.scheduler().schedule(this::hedge, hedgeAfterMillis);
        }
    }

    private void hedge() {
        boolean due;
        synchronized (this) {
            due = !isDone();
        }
        if (due) {
            hedgeDue.complete(null); // outside the monitor: the caller starts a second forward from here
        }
    }

    /** Completes when the coordinator is up but has not answered within the hedge time; never otherwise. */
    public CompletableFuture<Void> hedgeDue() {
        return hedgeDue;
    }

    private void watchCoordinator() {
        ctx.scheduler().schedule(() -> {
            synchronized (this) {
                if (isDone()) {
                    return;
                }
                if (!ctx.detector().seemsUp(coordinator)) {
                    failedOver = true;
                    finish(ClientResponse.unavailable("coordinator " + coordinator + " went silent"));
                } else {
                    watchCoordinator();
                }
            }
        }, ctx.deadlines().failoverCheckMillis());
    }

    /** Whether the attempt ended without any answer from the target. */
    public boolean timedOut() {
        return timedOut;
    }

    /** Whether the attempt was abandoned because the target stopped seeming up. */
    public boolean failedOver() {
        return failedOver;
    }

    public String target() {
        return coordinator;
    }

    @Override
    public void onDeadline() {
        timedOut = !isDone();
        super.onDeadline();
    }

    @Override
    public void onReply(Message reply) {
        if (reply instanceof ForwardReply answer && !isDone()) {
            finish(answer.response());
        }
    }

    /** The coordinator runs its own replica deadlines; silence from it is not a replica miss. */
    @Override
    public Collection<String> awaited() {
        return List.of();
    }

    @Override
    protected String describeProgress() {
        return "forwarded to " + coordinator;
    }
}
