package dynamo.node;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import dynamo.core.coordination.CoordinatorListener;
import dynamo.core.message.ClientRequest;
import dynamo.core.message.ClientResponse;
import java.util.concurrent.TimeUnit;

/** Coordinator metrics in Dropwizard Metrics; the Graphite reporter adds the per-node prefix. */
public final class NodeMetrics implements CoordinatorListener {
    private final Timer gets;
    private final Timer puts;
    private final Meter forwarded;
    private final Meter quorumFailures;
    private final Meter rejected;

    public NodeMetrics(MetricRegistry registry) {
        this.gets = registry.timer("coordinator.get");
        this.puts = registry.timer("coordinator.put");
        this.forwarded = registry.meter("requests.forwarded");
        this.quorumFailures = registry.meter("quorum.failures");
        this.rejected = registry.meter("coordinator.put.rejected");
    }

    @Override
    public void forwarded() {
        forwarded.mark();
    }

    @Override
    public void coordinated(ClientRequest request, ClientResponse response, long millis) {
        (request.kind() == ClientRequest.Kind.GET ? gets : puts).update(millis, TimeUnit.MILLISECONDS);
        if (response == null || response.status() == ClientResponse.Status.UNAVAILABLE) {
            quorumFailures.mark();
        } else if (response.status() == ClientResponse.Status.REJECTED) {
            rejected.mark();
        }
    }
}
