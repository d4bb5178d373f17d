package dynamo.core.liveness;

import dynamo.core.operation.Scheduler;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Suspects a peer when it misses a replica deadline, cannot be reached, or has been silent for
 * {@code suspectAfterMillis} (peers are probed every heartbeat, and any message counts as a sign of
 * life). A suspected peer is trusted again as soon as anything arrives from it.
 *
 * <p>Two strengths: {@link #isAlive} suspects on a single missed replica deadline, which is cheap to
 * be wrong about (an extra hint). {@link #seemsUp} ignores deadline misses, which a loaded but live
 * node produces, and is what request routing uses: moving a key's coordination to another node
 * while the first still runs would let two coordinators serve the key's conditional puts.
 */
public final class FailureDetector {
    private final String self;
    private final Scheduler clock;
    private final long suspectAfterMillis;
    private final long startedAt;
    private final Map<String, Long> lastHeard = new ConcurrentHashMap<>();
    private final Map<String, Long> suspectedAt = new ConcurrentHashMap<>();
    private final Map<String, Long> unreachableAt = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Consumer<String>> recoveryListeners = new CopyOnWriteArrayList<>();

    public FailureDetector(String self, Scheduler clock, long suspectAfterMillis) {
        this.self = self;
        this.clock = clock;
        this.suspectAfterMillis = suspectAfterMillis;
        this.startedAt = clock.nowMillis();
    }

    public void heard(String node) {
        boolean wasDown = !isAlive(node);
        long now = clock.nowMillis();
        lastHeard.put(node, now);
        suspectedAt.remove(node);
        unreachableAt.remove(node);
        if (wasDown) {
            recoveryListeners.forEach(l -> l.accept(node));
        }
    }

    public void missedDeadline(String node) {
        if (!node.equals(self)) {
            suspectedAt.put(node, clock.nowMillis());
        }
    }

    /** The transport could not connect to or send to {@code node}. */
    public void unreachable(String node) {
        if (!node.equals(self)) {
            long now = clock.nowMillis();
            unreachableAt.put(node, now);
            suspectedAt.put(node, now);
        }
    }

    /** Up unless silent for the suspicion period or unreachable since last heard from. */
    public boolean seemsUp(String node) {
        if (node.equals(self)) {
            return true;
        }
        long heard = lastHeard.getOrDefault(node, startedAt);
        Long unreachable = unreachableAt.get(node);
        if (unreachable != null && unreachable >= heard) {
            return false;
        }
        return clock.nowMillis() - heard <= suspectAfterMillis;
    }

    public boolean isAlive(String node) {
        if (node.equals(self)) {
            return true;
        }
        long heard = lastHeard.getOrDefault(node, startedAt);
        Long suspected = suspectedAt.get(node);
        if (suspected != null && suspected >= heard) {
            return false;
        }
        return clock.nowMillis() - heard <= suspectAfterMillis;
    }

    /** Whether anything arrived from {@code node} in the last {@code millis}. */
    public boolean heardWithin(String node, long millis) {
        Long heard = lastHeard.get(node);
        return heard != null && clock.nowMillis() - heard < millis;
    }

    /** Called with a node's id when it is heard from after having been considered down. */
    public void onRecovery(Consumer<String> listener) {
        recoveryListeners.add(listener);
    }
}
