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
 * The threads that run the node's handler, apart from the thread that drains the broker, so a slow
 * handler never holds up decoding. Two lanes: storage work (prepares, accepts, reads, copies: JE
 * commits) on {@code threads} threads, and light messages ({@link Message#isLight}: replies, forwarded
 * requests, pings, and the HTTP responses they resume) on threads of their own, so a disk that stalls
 * the storage lane (JE serialises its log writes) never holds the replies this node's operations
 * wait for. Each queue is bounded: when one is full a message is dropped and counted, as the
 * best-effort transport allows.
 */
final class HandlerPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HandlerPool.class);
    private static final long CLOSE_WAIT_MILLIS = 1_000;
    /** Light messages take microseconds each; two threads keep one resumed response from holding the rest. */
    private static final int LIGHT_THREADS = 2;

    private final MessageHandler handler;
    private final ThreadPoolExecutor storage;
    private final ThreadPoolExecutor light;
    private final AtomicLong dropped = new AtomicLong();

    HandlerPool(String nodeId, MessageHandler handler, int threads, int queueCapacity) {
        this.handler = handler;
        this.storage = executor("dynamo-handler-" + nodeId + "-", threads, queueCapacity);
        this.light = executor("dynamo-replies-" + nodeId + "-", LIGHT_THREADS, queueCapacity);
    }

    private ThreadPoolExecutor executor(String namePrefix, int threads, int queueCapacity) {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueCapacity),
                runnable -> {
                    Thread thread = new Thread(runnable, namePrefix + n.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                },
                (task, pool) -> dropped.incrementAndGet());
        executor.prestartAllCoreThreads(); // no thread start on the first messages
        return executor;
    }

    /** Never blocks and never runs the handler on the caller's thread. */
    void submit(Message message) {
        (Message.isLight(message) ? light : storage).execute(() -> handle(message));
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
        for (ThreadPoolExecutor executor : new ThreadPoolExecutor[] {light, storage}) {
            executor.shutdown();
            executor.getQueue().clear();
        }
        try {
            light.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            storage.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
