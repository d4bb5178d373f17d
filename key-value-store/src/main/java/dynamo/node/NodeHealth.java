package dynamo.node;

import com.codahale.metrics.health.HealthCheck;
import com.codahale.metrics.health.HealthCheckRegistry;

/** Health checks: started, storage open, broker running, ring able to place N replicas. */
public final class NodeHealth {
    private NodeHealth() {
    }

    static void register(HealthCheckRegistry registry, NodeStartup startup) {
        registry.register("started", check(startup::isStarted, "starting: storage and broker are not open yet"));
        registry.register("storage", check(() -> !startup.isStarted() || startup.get().environment.isValid(),
                "Berkeley DB JE environment is invalid"));
        registry.register("broker", check(() -> !startup.isStarted() || startup.get().broker.isStarted(),
                "embedded ActiveMQ broker is not running"));
        registry.register("membership", check(() -> !startup.isStarted()
                || startup.get().ring.get().nodes().size() >= startup.get().quorum.n(), "fewer members than N replicas"));
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
