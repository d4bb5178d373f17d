package dynamo.node;

import com.codahale.metrics.health.HealthCheck;
import com.codahale.metrics.health.HealthCheckRegistry;

/** Health checks: storage open, broker running, ring able to place N replicas. */
public final class NodeHealth {
    private NodeHealth() {
    }

    public static void register(HealthCheckRegistry registry, NodeAssembly node) {
        registry.register("storage", check(node.environment::isValid, "Berkeley DB JE environment is invalid"));
        registry.register("broker", check(node.broker::isStarted, "embedded ActiveMQ broker is not running"));
        registry.register("membership", check(() -> node.ring.get().nodes().size() >= node.quorum.n(),
                "fewer members than N replicas"));
    }

    private static HealthCheck check(java.util.function.BooleanSupplier ok, String problem) {
        return new HealthCheck() {
            @Override
            protected Result check() {
                return ok.getAsBoolean() ? Result.healthy() : Result.unhealthy(problem);
            }
        };
    }
}
