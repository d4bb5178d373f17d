package dynamo.client.routing;

import dynamo.client.ring.ClientRing;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Keeps the ring fresh on one background thread, off the request path: every {@code interval},
 * and soon after {@link #requestSoon()} (a node answered with another epoch, or could not be
 * reached), at most once per {@code minSpacing}; requests that come while one is pending are one.
 */
final class RingRefresher implements AutoCloseable {
    /** Reads the ring from some node. */
    interface Source {
        ClientRing fetch() throws IOException;
    }

    private final Source source;
    private final Consumer<ClientRing> install;
    private final Duration interval;
    private final long minSpacingNanos;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dynamo-client-ring");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile long lastAttempt = System.nanoTime() - Long.MAX_VALUE / 2;

    RingRefresher(Source source, Consumer<ClientRing> install, Duration interval, Duration minSpacing) {
        this.source = source;
        this.install = install;
        this.interval = interval;
        this.minSpacingNanos = minSpacing.toNanos();
    }

    void start() {
        thread.scheduleWithFixedDelay(this::refreshQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Reads the ring now, on this thread; whether it could. */
    boolean refreshNow() {
        lastAttempt = System.nanoTime();
        try {
            install.accept(source.fetch());
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    void requestSoon() {
        if (pending.compareAndSet(false, true)) {
            long wait = Math.max(0, lastAttempt + minSpacingNanos - System.nanoTime());
            try {
                thread.schedule(() -> {
                    pending.set(false);
                    refreshQuietly();
                }, wait, TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                pending.set(false);
            }
        }
    }

    private void refreshQuietly() {
        refreshNow();
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
