package dynamo.core.transport;

import dynamo.core.message.Message;

/** Receives the messages addressed to this node, on a transport worker thread. */
@FunctionalInterface
public interface MessageHandler {
    void onMessage(Message message);
}
