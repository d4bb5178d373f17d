package dynamo.core.coordination;

import dynamo.core.message.ClientRequest;
import dynamo.core.message.Message;
import dynamo.core.message.Message.ForwardReply;
import dynamo.core.message.Message.ForwardRequest;
import java.util.Collection;
import java.util.List;

/**
 * A request this node received but does not coordinate: handed to the key's coordinator, whose answer
 * becomes ours. Its deadline is one forwarding attempt; {@link #timedOut()} tells the coordinator that
 * the target never answered (as opposed to answering "unavailable"), so it may try another node.
 */
public final class ForwardOperation extends CoordinatedOperation {
    private final ClientRequest request;
    private final String coordinator;

    public ForwardOperation(long id, OperationContext ctx, ClientRequest request, String coordinator) {
        super(id, ctx);
        this.request = request;
        this.coordinator = coordinator;
    }

    @Override
    public void start() {
        enter(Phase.WRITING);
        ctx.send(coordinator, new ForwardRequest(id, ctx.self(), request));
    }

    private boolean timedOut;

    /** Whether the attempt ended without any answer from the target. */
    public boolean timedOut() {
        return timedOut;
    }

    public String target() {
        return coordinator;
    }

    @Override
    public void onDeadline() {
        timedOut = phase() != Phase.DONE;
        super.onDeadline();
    }

    @Override
    public void onReply(Message reply) {
        if (reply instanceof ForwardReply answer && phase() != Phase.DONE) {
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
