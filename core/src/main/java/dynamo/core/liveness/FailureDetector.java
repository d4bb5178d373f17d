package dynamo.core.liveness;

import dynamo.core.operation.Scheduler;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A node's one opinion of whether a peer is up, {@link #seemsUp}, used by everything that picks
 * peers: routing, quorums that fail fast, hints, reads, anti-entropy, scans, streaming and the web
 * view. Down means silent for {@code suspectAfterMillis} (every heartbeat the silent peers are
 * probed, and any message counts as a sign of life) or unreachable since last heard (the transport
 * could not connect or send, or Consul's check of it is critical). A peer is up again as soon as
 * anything arrives from it.
 *
 * <p>Silence is only evidence while this node itself runs on time. A node that stalled (a GC pause, a
 * SIGSTOP, a starved host) has heard nothing for as long as it stood still, yet its peers did nothing
 * wrong; until they had a suspicion period to be heard again, they are not called down for it
 * (Cassandra's failure detector skips a "local pause" the same way). The stall shows as a late
 * {@link #heartbeat} from the prober: more than half the suspicion period after the one before.
 *
 * <p>A missed replica deadline is not evidence here: a loaded but live node misses some, and moving a
 * key's coordination or its copies away on each would make a slow node look like a flapping one.
 * Operations handle slowness themselves (they ask the other replicas, resend, hedge).
 */
public final class FailureDetector {
    private final String self;
    private final Scheduler clock;
    private final long suspectAfterMillis;
    private final long startedAt;
    private final Map<String, Long> lastHeard = new ConcurrentHashMap<>();
    /** When the prober last ran; 0 until it runs (no stall detection without it: tests on a manual clock). */
    private volatile long lastHeartbeat;
    /** Silence before this counts for nothing: this node stood still then. */
    private volatile long graceFrom;
    private final Map<String, Long> unreachableAt = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Consumer<String>> recoveryListeners = new CopyOnWriteArrayList<>();

    public FailureDetector(String self, Scheduler clock, long suspectAfterMillis) {
        this.self = self;
        this.clock = clock;
        this.suspectAfterMillis = suspectAfterMillis;
        this.startedAt = clock.nowMillis();
    }

    public void heard(String node) {
        boolean wasDown = !seemsUp(node);
        lastHeard.put(node, clock.nowMillis());
        unreachableAt.remove(node);
        if (wasDown) {
            recoveryListeners.forEach(l -> l.accept(node));
        }
    }

    /** The prober's heartbeat: one that comes late ends a stall of this node, whose silence was its own. */
    public void heartbeat() {
        long now = clock.nowMillis();
        if (stalledSince(now)) {
            graceFrom = now;
        }
        lastHeartbeat = now;
    }

    private boolean stalledSince(long now) {
        return lastHeartbeat != 0 && now - lastHeartbeat > suspectAfterMillis / 2;
    }

    /** The transport could not connect to or send to {@code node}, or its health check is critical. */
    public void unreachable(String node) {
        if (!node.equals(self)) {
            unreachableAt.putIfAbsent(node, clock.nowMillis()); // the first failure since last heard: reconnects keep failing
        }
    }

    /** Up unless silent for the suspicion period or unreachable since last heard from; this node always is. */
    public boolean seemsUp(String node) {
        if (node.equals(self)) {
            return true;
        }
        long heard = lastHeard.getOrDefault(node, startedAt);
        Long unreachable = unreachableAt.get(node);
        if (unreachable != null && unreachable >= heard) {
            return false;
        }
        long now = clock.nowMillis();
        return now - Math.max(heard, graceFrom) <= suspectAfterMillis || stalledSince(now);
    }

    /**
     * How long {@code node} has seemed down: 0 while it seems up; else since it was found unreachable,
     * or since its silence reached the suspicion period.
     */
    public long downForMillis(String node) {
        if (seemsUp(node)) {
            return 0;
        }
        long heard = Math.max(lastHeard.getOrDefault(node, startedAt), graceFrom);
        Long unreachable = unreachableAt.get(node);
        long downSince = unreachable != null && unreachable >= heard ? unreachable : heard + suspectAfterMillis;
        return Math.max(0, clock.nowMillis() - downSince);
    }

    /** Whether anything arrived from {@code node} in the last {@code millis}. */
    public boolean heardWithin(String node, long millis) {
        Long heard = lastHeard.get(node);
        return heard != null && clock.nowMillis() - heard < millis;
    }

    /**
     * Whether anything arrived from {@code node} within the suspicion period: unlike {@link #seemsUp},
     * false for a peer never heard from since this node started (it seems up then, until silent for long).
     */
    public boolean heardLately(String node) {
        return node.equals(self) || heardWithin(node, suspectAfterMillis);
    }

    /** Called with a node's id when it is heard from after having seemed down. */
    public void onRecovery(Consumer<String> listener) {
        recoveryListeners.add(listener);
    }
}
