package dynamo.node;

import com.codahale.metrics.health.HealthCheck;
import com.codahale.metrics.health.HealthCheckRegistry;
import java.util.function.BooleanSupplier;

/** Health checks: node started, storage open, broker running, ring able to place N replicas. */
public final class NodeHealth {
    private NodeHealth() {
    }

    public static void register(HealthCheckRegistry registry, NodeAssembly node) {
        registry.register("storage", check(node, () -> node.environment().isValid(),
                "Berkeley DB JE environment is invalid"));
        registry.register("broker", check(node, () -> node.broker().isStarted(), "embedded ActiveMQ broker is not running"));
        registry.register("membership", check(node,
                () -> node.ring().get().nodes().size() >= node.node().quorum().n(), "fewer members than N replicas"));
    }

    private static HealthCheck check(NodeAssembly node, BooleanSupplier ok, String problem) {
        return new HealthCheck() {
            @Override
            protected Result check() {
                if (!node.isStarted()) {
                    return Result.unhealthy("node is not started");
                }
                return ok.getAsBoolean() ? Result.healthy() : Result.unhealthy(problem);
            }
        };
    }
}
