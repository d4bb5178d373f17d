package dynamo.node;

import dynamo.core.coordination.NodeEvents;
import dynamo.http.NodeStarting;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the node ({@link NodeAssembly}: JE's recovery, the broker, the ring, the transport) on a
 * thread of its own, so that it starts while Dropwizard starts Jetty and Jersey: a restart's two
 * longest steps overlap instead of following each other. Until it is up, the endpoints that need it
 * answer 503 ({@link NodeStarting}) and the health checks fail. A start that fails ends the process
 * with its reason, as a failure inside {@code run} would.
 */
final class NodeStartup {
    private static final Logger LOG = LoggerFactory.getLogger(NodeStartup.class);

    private final CompletableFuture<NodeAssembly> assembly = new CompletableFuture<>();

    private NodeStartup() {
    }

    static NodeStartup begin(DynamoConfiguration config, NodeEvents events, Consumer<NodeAssembly> onStarted) {
        NodeStartup startup = new NodeStartup();
        Thread thread = new Thread(() -> {
            try {
                NodeAssembly node = new NodeAssembly(config, events);
                onStarted.accept(node);
                startup.assembly.complete(node);
            } catch (RuntimeException | Error e) {
                startup.assembly.completeExceptionally(e);
                LOG.error("node {} could not start: {}", config.nodeId, e.toString(), e);
                System.exit(1);
            }
        }, "node-start");
        thread.start();
        return startup;
    }

    boolean isStarted() {
        return assembly.isDone() && !assembly.isCompletedExceptionally();
    }

    /** The started node; {@link NodeStarting} (a 503) while it is still starting. */
    NodeAssembly get() {
        if (!isStarted()) {
            throw new NodeStarting();
        }
        return assembly.join();
    }

    /** Closes the node once its start is over (a stop asked during the start waits for it). */
    void close() {
        try {
            assembly.join().close();
        } catch (CompletionException failedToStart) {
            // nothing was left open: NodeAssembly closes what it opened when it fails
        }
    }
}
