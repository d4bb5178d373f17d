package dynamo.core.operation;

import dynamo.core.message.ClientRequest;
import dynamo.core.message.ClientResponse;

/** What a node reports about its work, for metrics; the adapters decide where it goes. */
public interface NodeEvents {
    /** A client request was handed to another node to coordinate. */
    default void forwarded() {
    }

    /** This node coordinated a request (possibly forwarded to it) in {@code millis}. */
    default void coordinated(ClientRequest request, ClientResponse response, long millis) {
    }

    /** This node served a replica read or write in {@code nanos}. */
    default void replicaServed(boolean write, long nanos) {
    }

    /** A replica missed its deadline in one of this node's operations. */
    default void replicaTimedOut(String replica) {
    }

    /** A request answered 503 before its deadline: its quorum's replicas seemed down. */
    default void failedFast() {
    }

    /** A write had to run the prepare phase (it held no promise for its key, or lost it to another proposer). */
    default void prepared() {
    }

    /** A read found no agreeing majority and finished the round before answering. */
    default void readFinishedRound() {
    }

    /** A hint was acknowledged by the node it was kept for. */
    default void hintDelivered() {
    }

    /** Anti-entropy changed {@code keys} keys here or on a peer. */
    default void repaired(long keys) {
    }

    NodeEvents NONE = new NodeEvents() {
    };
}
