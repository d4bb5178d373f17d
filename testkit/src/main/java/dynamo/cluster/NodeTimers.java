package dynamo.cluster;

import dynamo.core.operation.Scheduler;

/**
 * One node's timers on the cluster's shared clock: a crash (kill -9) takes them with it, so that none
 * fires on the closed node, whose executors refuse work by then.
 */
final class NodeTimers implements Scheduler {
    private final Scheduler clock;
    private volatile boolean crashed;

    NodeTimers(Scheduler clock) {
        this.clock = clock;
    }

    @Override
    public long nowMillis() {
        return clock.nowMillis();
    }

    @Override
    public Cancellable schedule(Runnable task, long delayMillis) {
        return clock.schedule(() -> {
            if (!crashed) {
                task.run();
            }
        }, delayMillis);
    }

    void crash() {
        crashed = true;
    }
}
