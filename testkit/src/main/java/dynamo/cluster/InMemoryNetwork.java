package dynamo.cluster;

import dynamo.core.message.Message;
import dynamo.core.operation.Scheduler;
import dynamo.core.transport.MessageHandler;
import dynamo.core.transport.Transport;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * An in-memory network for in-process clusters, with fault injection: a crashed node neither sends
 * nor receives, a partitioned link drops messages one way, and a drop rate loses messages at random.
 * Delivery is asynchronous: on real time a small thread pool per node, like a real broker's consumers;
 * on a clock (a manual one, say) each message arrives a fixed latency later, as a task of that clock.
 */
public final class InMemoryNetwork implements AutoCloseable {
    /** Where messages arrive on a clock; null on real time (the thread pools). */
    private final Scheduler clock;
    private final long latencyMillis;
    private final Map<String, ExecutorService> workers = new ConcurrentHashMap<>();
    private final Map<String, MessageHandler> handlers = new ConcurrentHashMap<>();
    private final Set<String> crashed = ConcurrentHashMap.newKeySet();
    private final Set<String> cutLinks = ConcurrentHashMap.newKeySet();
    /** Paused nodes and what they would have sent or received meanwhile (a SIGSTOPped process). */
    private final Map<String, java.util.Queue<Runnable>> paused = new ConcurrentHashMap<>();
    private volatile double dropRate;
    private volatile double duplicateRate;
    /** Messages of this type to this node are lost: a node up to its probes but deaf to one kind of work. */
    private volatile java.util.function.BiPredicate<String, Message> deafTo = (to, m) -> false;

    /** On real time: each node's messages are handled by a thread pool of its own. */
    public InMemoryNetwork() {
        this(null, 0);
    }

    /** On {@code clock}: every message is handled {@code latencyMillis} after it was sent, by a task of the clock. */
    public InMemoryNetwork(Scheduler clock, long latencyMillis) {
        this.clock = clock;
        this.latencyMillis = latencyMillis;
    }

    public Transport transportFor(String node) {
        return new Transport() {
            @Override
            public void start(MessageHandler handler) {
                handlers.put(node, handler);
                if (clock == null) {
                    workers.computeIfAbsent(node, n -> Executors.newFixedThreadPool(2));
                }
            }

            @Override
            public void send(String to, Message message) {
                deliver(node, to, message);
            }

            @Override
            public void close() {
                handlers.remove(node);
            }
        };
    }

    private void deliver(String from, String to, Message message) {
        if (crashed.contains(from) || crashed.contains(to) || cutLinks.contains(from + ">" + to)
                || deafTo.test(to, message)
                || (dropRate > 0 && ThreadLocalRandom.current().nextDouble() < dropRate)) {
            return;
        }
        if (holdWhilePaused(from, () -> deliver(from, to, message)) || holdWhilePaused(to, () -> arrive(to, message))) {
            return;
        }
        arrive(to, message);
        if (duplicateRate > 0 && ThreadLocalRandom.current().nextDouble() < duplicateRate) {
            arrive(to, message);
        }
    }

    /** Queues {@code later} if {@code node} is paused; true if it did. */
    private boolean holdWhilePaused(String node, Runnable later) {
        java.util.Queue<Runnable> held = paused.get(node);
        if (held == null) {
            return false;
        }
        synchronized (held) {
            if (paused.get(node) != held) {
                return false; // resumed meanwhile
            }
            held.add(later);
            return true;
        }
    }

    private void arrive(String to, Message message) {
        if (clock != null) {
            clock.schedule(() -> handle(to, message), latencyMillis);
            return;
        }
        ExecutorService worker = workers.get(to);
        if (worker == null) {
            return;
        }
        try {
            worker.execute(() -> handle(to, message));
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // the network is shutting down: a lost message, as the Transport contract allows
        }
    }

    private void handle(String to, Message message) {
        MessageHandler handler = handlers.get(to);
        if (handler != null && !crashed.contains(to)) {
            handler.onMessage(message);
        }
    }

    public void crash(String node) {
        crashed.add(node);
    }

    public void recover(String node) {
        crashed.remove(node);
    }

    /** Drops every message from {@code from} to {@code to} (one direction). */
    public void cut(String from, String to) {
        cutLinks.add(from + ">" + to);
    }

    /** Loses every message of {@code type} sent to {@code node} (until {@link #heal()}); others still arrive. */
    public void deafen(String node, Class<? extends Message> type) {
        deafTo = (to, m) -> to.equals(node) && type.isInstance(m instanceof Message.Stamped s ? s.message() : m);
    }

    public void heal() {
        deafTo = (to, m) -> false;
        cutLinks.clear();
        dropRate = 0;
        duplicateRate = 0;
    }

    /**
     * Like SIGSTOP: the node neither receives nor sends; messages to and from it wait. Its timers
     * still run, as a stopped JVM's would fire all at once on resume.
     */
    public void pause(String node) {
        paused.putIfAbsent(node, new java.util.ArrayDeque<>());
    }

    /** Like SIGCONT: everything that waited is delivered, in order. */
    public void resume(String node) {
        java.util.Queue<Runnable> held = paused.get(node);
        if (held == null) {
            return;
        }
        List<Runnable> waiting;
        synchronized (held) {
            paused.remove(node);
            waiting = new java.util.ArrayList<>(held);
        }
        waiting.forEach(Runnable::run);
    }

    public void duplicateRate(double rate) {
        this.duplicateRate = rate;
    }

    public void dropRate(double rate) {
        this.dropRate = rate;
    }

    @Override
    public void close() throws InterruptedException {
        for (ExecutorService w : workers.values()) {
            w.shutdownNow();
            w.awaitTermination(1, TimeUnit.SECONDS);
        }
    }
}
