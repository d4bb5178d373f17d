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

    /**
     * Registers who to tell when a node cannot be reached (its connection failed or was refused): a
     * hint for the failure detector, faster than waiting for a deadline. Optional for transports.
     */
    default void onUnreachable(java.util.function.Consumer<String> listener) {
    }

    /**
     * Registers who to tell of every message's sender as it arrives, before it waits for a handler
     * thread: a sign of life that a backlog of storage work must not delay. Optional for transports
     * (the handler hears every sender anyway, later).
     */
    default void onArrival(java.util.function.Consumer<String> listener) {
    }

    @Override
    void close();
}
