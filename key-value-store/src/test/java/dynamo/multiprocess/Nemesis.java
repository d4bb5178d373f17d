package dynamo.multiprocess;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Jepsen's "kill" nemesis on a {@link LocalCluster}: every few seconds it SIGKILLs a random node,
 * lets the cluster run without it for a moment, and restarts it, so that never more than one node
 * is down. Clients learn about it through {@link LiveNodes} before the kill.
 */
final class Nemesis {
    private final LocalCluster cluster;
    private final LiveNodes live;
    private final Random random;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final List<String> events = new ArrayList<>();
    private final long startNanos = System.nanoTime();
    private final Thread thread = new Thread(this::run, "nemesis");
    private volatile Exception failure;
    private int kills;

    Nemesis(LocalCluster cluster, LiveNodes live, long seed) {
        this.cluster = cluster;
        this.live = live;
        this.random = new Random(seed);
    }

    void start() {
        thread.start();
    }

    /** Stops after the current round; returns once any killed node runs again. */
    void stopAndHeal() throws Exception {
        stop.countDown();
        thread.join();
        if (failure != null) {
            throw failure;
        }
    }

    synchronized int kills() {
        return kills;
    }

    /** What it did and when, for the test log. */
    synchronized List<String> events() {
        return List.copyOf(events);
    }

    private void run() {
        try {
            while (!pause(1_000, 4_000)) {
                int victim = cluster.indices().get(random.nextInt(cluster.size()));
                live.down(victim);
                cluster.kill(victim);
                synchronized (this) {
                    kills++;
                }
                record("killed node" + victim);
                pause(1_000, 3_000); // whatever happens, the node comes back
                cluster.start(victim);
                live.up(victim);
                record("node" + victim + " healthy again");
            }
        } catch (Exception e) {
            failure = e;
        }
    }

    /** Sleeps a random time in [min, max) ms; true when asked to stop. */
    private boolean pause(int minMillis, int maxMillis) throws InterruptedException {
        return stop.await(minMillis + random.nextInt(maxMillis - minMillis), TimeUnit.MILLISECONDS);
    }

    private synchronized void record(String event) {
        events.add(String.format("%6.1f s %s", (System.nanoTime() - startNanos) / 1e9, event));
    }
}
