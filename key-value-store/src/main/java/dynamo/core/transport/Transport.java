package dynamo.core.transport;

import dynamo.core.message.Message;

/**
 * Node-to-node messaging. Delivery is best effort (non-persistent): a lost message shows up as a
 * missed deadline, never as a blocked caller.
 */
public interface Transport extends AutoCloseable {

    /** Starts delivering this node's incoming messages to {@code handler}. */
    void start(MessageHandler handler);

    /** Sends without blocking on the network; a message to an unreachable node is dropped. */
    void send(String toNode, Message message);

    @Override
    void close();
}
