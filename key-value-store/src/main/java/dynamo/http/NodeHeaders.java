package dynamo.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import java.util.function.LongSupplier;

/**
 * Adds to every API response the node that answered ({@value #NODE}) and its ring's epoch
 * ({@value #RING_EPOCH}): a token-aware client refreshes its copy of the ring when the epoch differs
 * from the one it holds.
 */
public final class NodeHeaders implements ContainerResponseFilter {
    public static final String NODE = "X-Dynamo-Node";
    public static final String RING_EPOCH = "X-Dynamo-Ring-Epoch";

    private final String nodeId;
    private final LongSupplier ringEpoch;

    public NodeHeaders(String nodeId, LongSupplier ringEpoch) {
        this.nodeId = nodeId;
        this.ringEpoch = ringEpoch;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        response.getHeaders().putSingle(NODE, nodeId);
        response.getHeaders().putSingle(RING_EPOCH, Long.toString(ringEpoch.getAsLong()));
    }
}
