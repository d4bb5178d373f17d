package dynamo.node;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A part that starts on a thread of its own while the node starts its other parts: {@link #await}
 * takes the part (or its start's exception), {@link #close} waits for the start and closes the part
 * if it started.
 */
final class BackgroundStart<T> {
    private final CompletableFuture<T> part;

    BackgroundStart(String threadName, Supplier<T> start) {
        this.part = CompletableFuture.supplyAsync(start, task -> {
            Thread thread = new Thread(task, threadName);
            thread.setDaemon(true);
            thread.start();
        });
    }

    /** The started part; throws what its start threw. */
    T await() {
        try {
            return part.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** Closes the part once started; nothing to close if its start failed (a failed start closes what it opened). */
    void close(Consumer<T> close) {
        T started;
        try {
            started = part.join();
        } catch (CompletionException e) {
            return;
        }
        close.accept(started);
    }
}
