package dynamo.node;

import dynamo.core.operation.Scheduler;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import java.util.concurrent.TimeUnit;

/**
 * The production scheduler: wall-clock time and one timer thread on a hashed wheel (Netty's),
 * so tasks must be short. Every operation arms several deadlines and most fire unneeded; a wheel
 * wakes its thread once per tick for all tasks due by then, where a ScheduledThreadPoolExecutor
 * woke it once per task (its timed waits were 6 % of a loaded node's CPU). A task runs up to one
 * tick late, small against the shortest deadline (the 100 ms replica deadline).
 */
public final class WheelTimerScheduler implements Scheduler, AutoCloseable {
    static final long TICK_MILLIS = 5;

    private final HashedWheelTimer timer = new HashedWheelTimer(r -> {
        Thread t = new Thread(r, "dynamo-timer");
        t.setDaemon(true);
        return t;
    }, TICK_MILLIS, TimeUnit.MILLISECONDS, 512);

    /** Starts the timer's thread (a first task would start it too). */
    public void start() {
        timer.start();
    }

    @Override
    public long nowMillis() {
        return System.currentTimeMillis();
    }

    @Override
    public Cancellable schedule(Runnable task, long delayMillis) {
        Timeout timeout = timer.newTimeout(t -> task.run(), delayMillis, TimeUnit.MILLISECONDS);
        return timeout::cancel;
    }

    @Override
    public void close() {
        timer.stop();
    }
}
