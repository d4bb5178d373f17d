package dynamo.node;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import dynamo.core.operation.NodeEvents;
import dynamo.core.message.ClientRequest;
import dynamo.core.message.ClientResponse;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * The node's metrics in Dropwizard Metrics: the core reports events, this class counts and times
 * them. Names carry no node id; the Graphite reporter's prefix (dynamo.&lt;nodeId&gt;) adds it.
 */
public final class NodeMetrics implements NodeEvents {
    /** The coordinator timers: the gets (and read rounds) and the puts and deletes this node coordinated. */
    public static final String GETS = "coordinator.get";
    public static final String PUTS = "coordinator.put";
    private final MetricRegistry registry;
    private final Timer gets;
    private final Timer puts;
    private final Timer replicaReads;
    private final Timer replicaWrites;
    private final Meter forwarded;
    private final Meter quorumFailures;
    private final Meter failedFast;
    private final Meter rejected;
    private final Meter replicaTimeouts;
    private final Meter hintsDelivered;
    private final Meter repairs;
    private final Meter prepares;
    private final Meter readRounds;

    public NodeMetrics(MetricRegistry registry) {
        this.registry = registry;
        this.gets = registry.timer(GETS);
        this.puts = registry.timer(PUTS);
        this.replicaReads = registry.timer("replica.read");
        this.replicaWrites = registry.timer("replica.write");
        this.forwarded = registry.meter("requests.forwarded");
        this.quorumFailures = registry.meter("quorum.failures");
        this.failedFast = registry.meter("quorum.failedFast");
        this.rejected = registry.meter("coordinator.put.rejected");
        this.replicaTimeouts = registry.meter("replica.timeouts");
        this.hintsDelivered = registry.meter("hints.delivered");
        this.repairs = registry.meter("antientropy.repairs");
        this.prepares = registry.meter("paxos.prepares");
        this.readRounds = registry.meter("paxos.read.rounds");
    }

    /** Gauges that read the assembled node's state when reported; 0 while it is not started. */
    public void watch(NodeAssembly node) {
        gauge("hints.pending", node, n -> n.hints().count());
        gauge("storage.keys", node, n -> n.storage().count());
        gauge("storage.cache.bytes", node, n -> n.environment().cacheBytes());
        gauge("requests.inflight", node, n -> n.node().requestsInFlight());
        gauge("transport.dropped", node, n -> n.transport().droppedMessages());
        gauge("paxos.ballots.refused", node, n -> n.node().ballotRefusals());
    }

    private void gauge(String name, NodeAssembly node, ToLongFunction<NodeAssembly> value) {
        Gauge<Long> gauge = () -> node.isStarted() ? value.applyAsLong(node) : 0L;
        registry.gauge(name, () -> gauge);
    }

    @Override
    public void forwarded() {
        forwarded.mark();
    }

    @Override
    public void coordinated(ClientRequest request, ClientResponse response, long millis) {
        (request.kind() == ClientRequest.Kind.PUT ? puts : gets).update(millis, TimeUnit.MILLISECONDS);
        if (response == null || response.status() == ClientResponse.Status.UNAVAILABLE) {
            quorumFailures.mark();
        } else if (response.status() == ClientResponse.Status.REJECTED) {
            rejected.mark();
        }
    }

    @Override
    public void replicaServed(boolean write, long nanos) {
        (write ? replicaWrites : replicaReads).update(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void replicaTimedOut(String replica) {
        replicaTimeouts.mark();
    }

    @Override
    public void failedFast() {
        failedFast.mark();
    }

    @Override
    public void prepared() {
        prepares.mark();
    }

    @Override
    public void readFinishedRound() {
        readRounds.mark();
    }

    @Override
    public void hintDelivered() {
        hintsDelivered.mark();
    }

    @Override
    public void repaired(long keys) {
        repairs.mark(keys);
    }
}
