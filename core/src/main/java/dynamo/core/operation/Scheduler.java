package dynamo.core.operation;

/** Time for the coordination logic, injected so that tests control it. */
public interface Scheduler {
    long nowMillis();

    /** Runs {@code task} once after {@code delayMillis}; the returned handle cancels it. */
    Cancellable schedule(Runnable task, long delayMillis);

    interface Cancellable {
        void cancel();
    }
}
