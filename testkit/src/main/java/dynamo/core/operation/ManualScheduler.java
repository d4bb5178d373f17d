package dynamo.core.operation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A scheduler whose clock only moves when a test calls {@link #advance}: due tasks then run in time
 * order (ties in scheduling order), including tasks that running tasks schedule within the window.
 */
public final class ManualScheduler implements Scheduler {
    private final List<Timer> timers = new ArrayList<>();
    private long now;
    private long scheduled;

    public ManualScheduler() {
        this(0);
    }

    public ManualScheduler(long startMillis) {
        this.now = startMillis;
    }

    @Override
    public synchronized long nowMillis() {
        return now;
    }

    @Override
    public synchronized Cancellable schedule(Runnable task, long delayMillis) {
        Timer timer = new Timer(now + Math.max(0, delayMillis), scheduled++, task);
        timers.add(timer);
        return () -> cancel(timer);
    }

    /** Moves the clock forward by {@code millis}, running every task that falls due on the way. */
    public void advance(long millis) {
        long target;
        synchronized (this) {
            target = now + millis;
        }
        Timer next;
        while ((next = takeDue(target)) != null) {
            next.task.run();
        }
        synchronized (this) {
            now = target;
        }
    }

    /** Tasks scheduled and not yet run or cancelled. */
    public synchronized int pending() {
        return timers.size();
    }

    private synchronized Timer takeDue(long target) {
        Timer first = timers.stream()
                .min(Comparator.comparingLong(Timer::dueAt).thenComparingLong(Timer::order))
                .orElse(null);
        if (first == null || first.dueAt > target) {
            return null;
        }
        timers.remove(first);
        now = first.dueAt;
        return first;
    }

    private synchronized void cancel(Timer timer) {
        timers.remove(timer);
    }

    private record Timer(long dueAt, long order, Runnable task) {
    }
}
