package dynamo.core.handoff;

import dynamo.core.message.ClientResponse;
import dynamo.core.message.Message;
import dynamo.core.message.Message.WriteReply;
import dynamo.core.message.Message.WriteRequest;
import dynamo.core.operation.CoordinatedOperation;
import dynamo.core.operation.OperationContext;
import java.util.Collection;
import java.util.List;

/** Hands one hint to the replica it was kept for; done when the replica acknowledges the write. */
public final class HintHandoffOperation extends CoordinatedOperation {
    private final Hint hint;

    public HintHandoffOperation(long id, OperationContext ctx, Hint hint) {
        super(id, ctx);
        this.hint = hint;
    }

    @Override
    public void start() {
        ctx.send(hint.target(), new WriteRequest(id, ctx.self(), hint.key(), hint.versions(), null, hint.accepted()));
    }

    @Override
    public void onReply(Message reply) {
        if (reply instanceof WriteReply && !isDone()) {
            finish(ClientResponse.found(hint.versions()));
        }
    }

    @Override
    public Collection<String> awaited() {
        return List.of(hint.target());
    }

    @Override
    protected String describeProgress() {
        return "hint for " + hint.target();
    }
}
