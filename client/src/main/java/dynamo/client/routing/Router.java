package dynamo.client.routing;

import java.util.List;
import java.util.Optional;

/**
 * Chooses the nodes a request is sent to, best first, and hears how they did. Lists are never
 * empty; a request goes to the first and moves down the list only as its call allows (a get once
 * more, a write only while it was never sent).
 */
public interface Router extends AutoCloseable {
    /** Where a request on {@code key} goes. */
    List<Target> route(byte[] key);

    /** Where a request on no particular key goes (a scan of {@code *}). */
    List<Target> anyNode();

    /** A node by its ring id, if the router knows the ring. */
    Optional<Target> node(String id);

    /** {@code target} answered; {@code ringEpoch} is the epoch it named (null if none). */
    default void answered(Target target, String ringEpoch) {
    }

    /** {@code target} could not be reached, or broke or timed out while answering. */
    default void unreachable(Target target) {
    }

    @Override
    default void close() {
    }
}
