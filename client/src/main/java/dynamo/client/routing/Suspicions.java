package dynamo.client.routing;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Nodes this client could not reach lately: skipped by routing for {@code suspectFor} after the
 * failure (or until they answer), then tried again. Independent of the ring's {@code seemsUp},
 * which is another node's opinion and can lag a crash by its failure detector's delay.
 */
final class Suspicions {
    private final long suspectForNanos;
    private final LongSupplier nanoClock;
    private final Map<URI, Long> since = new ConcurrentHashMap<>();

    Suspicions(Duration suspectFor, LongSupplier nanoClock) {
        this.suspectForNanos = suspectFor.toNanos();
        this.nanoClock = nanoClock;
    }

    void suspect(URI node) {
        since.put(node, nanoClock.getAsLong());
    }

    void cleared(URI node) {
        if (!since.isEmpty()) {
            since.remove(node);
        }
    }

    boolean suspected(URI node) {
        if (since.isEmpty()) {
            return false;
        }
        Long at = since.get(node);
        if (at == null) {
            return false;
        }
        if (nanoClock.getAsLong() - at >= suspectForNanos) {
            since.remove(node, at);
            return false;
        }
        return true;
    }
}
