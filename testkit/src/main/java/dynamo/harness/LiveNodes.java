package dynamo.harness;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The nodes clients may call: whoever kills a node takes it out first, so that clients only hit a
 * dead node with requests already in flight when it died.
 */
public final class LiveNodes {
    private final Set<Integer> live = ConcurrentHashMap.newKeySet();

    public LiveNodes(Collection<Integer> nodes) {
        live.addAll(nodes);
    }

    public void down(int node) {
        live.remove(node);
    }

    public void up(int node) {
        live.add(node);
    }

    /** A random live node. */
    public int pick() {
        List<Integer> snapshot = List.copyOf(live);
        if (snapshot.isEmpty()) {
            throw new IllegalStateException("no live node");
        }
        return snapshot.get(ThreadLocalRandom.current().nextInt(snapshot.size()));
    }
}
