package dynamo.http;

/**
 * Thrown where an endpoint needs the node while it is still starting (its storage and broker open
 * while Jetty starts): answered 503 with a JSON error, as any unavailable node.
 */
public final class NodeStarting extends RuntimeException {
    private static final long serialVersionUID = 1L;
    public static final String MESSAGE = "node is starting: its storage and broker are not open yet, retry";

    public NodeStarting() {
        super(MESSAGE, null, false, false);
    }
}
