package dynamo.activemq;

import dynamo.core.message.Message;
import dynamo.core.transport.MessageHandler;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads that run the node's handler (storage commits, resumed HTTP responses), apart from
 * the thread that drains the broker, so a slow handler never holds up decoding. The queue is
 * bounded: when it is full a message is dropped and counted, as the best-effort transport allows.
 */
final class HandlerPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HandlerPool.class);
    private static final long CLOSE_WAIT_MILLIS = 1_000;

    private final MessageHandler handler;
    private final ThreadPoolExecutor executor;
    private final AtomicLong dropped = new AtomicLong();

    HandlerPool(String nodeId, MessageHandler handler, int threads, int queueCapacity) {
        this.handler = handler;
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueCapacity),
                runnable -> {
                    Thread thread = new Thread(runnable, "dynamo-handler-" + nodeId + "-" + n.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                },
                (task, pool) -> dropped.incrementAndGet());
        executor.prestartAllCoreThreads(); // no thread start on the first messages
    }

    /** Never blocks and never runs the handler on the caller's thread. */
    void submit(Message message) {
        executor.execute(() -> handle(message));
    }

    private void handle(Message message) {
        try {
            handler.onMessage(message);
        } catch (Throwable e) {
            LOG.error("handler failed on {} {} from {}", message.getClass().getSimpleName(), message.requestId(),
                    message.from(), e);
        }
    }

    long dropped() {
        return dropped.get();
    }

    /**
     * Drops what waits and lets running handlers finish (briefly) without interrupting them: an
     * interrupt inside a Berkeley DB JE operation would invalidate the environment.
     */
    @Override
    public void close() {
        executor.shutdown();
        executor.getQueue().clear();
        try {
            executor.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
