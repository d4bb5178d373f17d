package dynamo.core.handoff;

import dynamo.core.message.Message.WriteRequest;
import dynamo.core.operation.OperationContext;
import dynamo.core.version.Ballot;
import dynamo.core.version.Versioned;
import java.util.ArrayList;
import java.util.List;

/**
 * The coordinator's side of hinted handoff: the copy for each replica that seems down goes to the
 * next stand-in (the nodes after the preference list) that seems up, naming the replica it is for.
 * A hint never counts toward a quorum.
 */
public final class HintSender {
    private HintSender() {
    }

    /** @param accepted the ballot the versions were accepted with (ZERO in siblings mode) */
    public static void send(OperationContext ctx, long requestId, byte[] key, List<Versioned> versions,
            List<String> replicas, List<String> standIns, Ballot accepted) {
        List<String> upStandIns = new ArrayList<>(standIns.stream().filter(ctx.detector()::seemsUp).toList());
        for (String replica : replicas) {
            if (!ctx.detector().seemsUp(replica) && !upStandIns.isEmpty()) {
                ctx.send(upStandIns.remove(0), new WriteRequest(requestId, ctx.self(), key, versions, replica, accepted));
            }
        }
    }
}
