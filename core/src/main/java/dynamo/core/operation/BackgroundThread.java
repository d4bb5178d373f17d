package dynamo.core.operation;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A node's background work that may block (storage scans, waits on peers): one named daemon thread each. */
public final class BackgroundThread {
    private BackgroundThread() {
    }

    /** A single-thread executor whose daemon thread is called {@code name} (thread dumps tell them apart). */
    public static ExecutorService named(String name) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        });
    }
}
