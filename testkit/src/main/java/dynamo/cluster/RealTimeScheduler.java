package dynamo.cluster;

import dynamo.core.operation.Scheduler;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Wall-clock time and one timer thread, as the node's own scheduler has (key-value-store's wheel
 * timer, which testkit cannot use without depending on the node): for in-process clusters on real time.
 */
public final class RealTimeScheduler implements Scheduler, AutoCloseable {
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "in-process-timer");
        t.setDaemon(true);
        return t;
    });

    public RealTimeScheduler() {
        // Most deadlines are cancelled before they fire: drop them at once rather than at their time.
        timer.setRemoveOnCancelPolicy(true);
    }

    @Override
    public long nowMillis() {
        return System.currentTimeMillis();
    }

    @Override
    public Cancellable schedule(Runnable task, long delayMillis) {
        var future = timer.schedule(task, Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
