package dynamo.core.operation;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

/**
 * An executor whose tasks run only when a test says so, on the test's thread: what was handed to a
 * background thread (a disk write, say) is pending until {@link #runAll}, so a test can hold it back.
 */
public final class ManualExecutor implements Executor {
    private final Queue<Runnable> tasks = new ArrayDeque<>();

    @Override
    public synchronized void execute(Runnable task) {
        tasks.add(task);
    }

    /** Tasks handed over and not run yet. */
    public synchronized int pending() {
        return tasks.size();
    }

    /** Runs every pending task, and those they hand over, in order. */
    public void runAll() {
        Runnable next;
        while ((next = poll()) != null) {
            next.run();
        }
    }

    private synchronized Runnable poll() {
        return tasks.poll();
    }
}
