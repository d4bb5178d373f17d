package dynamo.multiprocess;

import static dynamo.harness.KvClient.utf8;

import dynamo.harness.KvClient;
import dynamo.harness.KvClient.Answer;
import dynamo.harness.KvClient.Read;
import dynamo.harness.KvClient.Write;
import dynamo.harness.LiveNodes;
import dynamo.harness.LocalCluster;
import dynamo.linearizability.History;
import dynamo.linearizability.Op;
import dynamo.linearizability.Outcome;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Clients that treat each key as a register and record every operation in a {@link History} for the
 * linearizability checker: invoke just before the request, then ok with the result on 2xx (and 404
 * for a read), fail when the answer proves the operation did not happen (4xx), info when its effect
 * is unknown (5xx, timeout, lost connection). Values are unique ("p3-17": client 3's 17th), so a
 * read names the write it saw.
 *
 * <p>A conditional put is a read followed by a put from the version read, recorded as
 * {@code cas(value read, new value)}: {@code success:false} is recorded as an ok cas that did not
 * apply, which tells the checker the register no longer held the value read.
 */
final class RegisterWorkload {

    /** Relative weights of the operations each client picks from. */
    record Mix(int reads, int writes, int deletes, int conditionalPuts) {
        Kind pick(Random random) {
            int roll = random.nextInt(reads + writes + deletes + conditionalPuts);
            if ((roll -= reads) < 0) {
                return Kind.READ;
            }
            if ((roll -= writes) < 0) {
                return Kind.WRITE;
            }
            return roll - deletes < 0 ? Kind.DELETE : Kind.CONDITIONAL_PUT;
        }
    }

    enum Kind { READ, WRITE, DELETE, CONDITIONAL_PUT }

    /**
     * Each request's HTTP timeout: the store's request deadline ({@code requestMillis: 2000} in the
     * config bin/cluster writes) plus 3 s, so that a node answers 503 before the client gives up
     * even after a forward and a GC pause on the shared 2-core machine.
     */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    /** The process number of the final reads after healing. */
    static final int FINAL_READER = 1_000;

    /**
     * One HTTP request as sent: to which node, from when (before choosing the node) to when (the
     * answer or the timeout, nanoTime), and how it ended; {@code detail} is the status and body or
     * the exception.
     */
    record Request(long operation, int process, int node, String what, long start, long end, Outcome outcome,
            String detail) {
        boolean succeeded() {
            return outcome == Outcome.OK;
        }
    }

    /** Which key client {@code process} works on next. */
    @FunctionalInterface
    interface KeyChooser {
        String next(int process, Random random);
    }

    private final LocalCluster cluster;
    private final LiveNodes live;
    private final History history;
    private final Mix mix;
    private final Queue<String> anomalies = new ConcurrentLinkedQueue<>();
    private final Queue<Request> requests = new ConcurrentLinkedQueue<>();

    RegisterWorkload(LocalCluster cluster, LiveNodes live, History history, Mix mix) {
        this.cluster = cluster;
        this.live = live;
        this.history = history;
        this.mix = mix;
    }

    /** Runs {@code clients} clients, numbered from 0, for {@code duration}. */
    void run(int clients, KeyChooser keys, Duration duration) throws Exception {
        long deadline = System.nanoTime() + duration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int p = 0; p < clients; p++) {
                int process = p;
                running.add(pool.submit(() -> {
                    client(process, keys, deadline);
                    return null;
                }));
            }
            for (Future<?> client : running) {
                client.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Once the cluster is whole again: one successful read of every key (retried), recorded too. */
    void finalReads(Collection<String> keys, Duration within) throws InterruptedException {
        int process = FINAL_READER;
        for (String key : keys) {
            long deadline = System.nanoTime() + within.toNanos();
            while (read(process, key) == null) {
                if (System.nanoTime() > deadline) {
                    anomalies.add("no successful read of " + key + " within " + within + " after healing");
                    break;
                }
                Thread.sleep(200);
            }
        }
    }

    /** Answers no correct node may give in these runs (siblings, 4xx, 500, rejected writes). */
    List<String> anomalies() {
        return List.copyOf(anomalies);
    }

    /** Every request sent so far (final reads included), in no particular order. */
    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Operation count per kind and outcome, for the log. */
    Map<String, Long> summary() {
        Map<String, Long> counts = new TreeMap<>();
        history.operations().forEach(o -> counts.merge(o.op().kind() + " " + o.outcome()
                + (o.op().kind() == Op.Kind.CAS && o.result() != null ? "(" + o.result() + ")" : ""), 1L, Long::sum));
        return counts;
    }

    private void client(int process, KeyChooser keys, long deadline) throws InterruptedException {
        Random random = new Random(process * 7919L + System.nanoTime());
        int sequence = 0;
        while (System.nanoTime() < deadline) {
            String key = keys.next(process, random);
            String value = "p" + process + "-" + sequence++;
            switch (mix.pick(random)) {
                case READ -> read(process, key);
                case WRITE -> put(process, key, value, null, Op.write(value));
                case DELETE -> put(process, key, null, null, Op.delete());
                case CONDITIONAL_PUT -> conditionalPut(process, key, value);
            }
        }
    }

    /** A recorded get; the answer when it completed ok, else null. */
    private Read read(int process, String key) throws InterruptedException {
        long id = history.invoke(process, key, Op.read());
        Sent sent = send(process, id, "GET " + key);
        try {
            Read read = sent.client.get(key);
            if (read.status() == 404 || read.status() == 200 && read.values().size() == 1) {
                history.ok(id, read.text());
                sent.done(Outcome.OK, read.status() + "");
                return read;
            }
            if (read.status() == 200) {
                anomalies.add("siblings for " + key + " in linearizable mode: " + read.answer());
                history.info(id);
                sent.done(Outcome.INFO, "siblings " + read.answer().body());
                return null;
            }
            unsuccessful(sent, "GET " + key, read.answer());
        } catch (IOException e) {
            history.info(id);
            sent.done(Outcome.INFO, e.toString());
        }
        return null;
    }

    /** Reads, then puts from the version read; an absent key gets an unconditional put instead. */
    private void conditionalPut(int process, String key, String value) throws InterruptedException {
        Read read = read(process, key);
        if (read == null) {
            return;
        }
        if (read.status() == 404) {
            put(process, key, value, null, Op.write(value)); // "" as fromVersion means unconditional
        } else {
            put(process, key, value, read.version(), Op.cas(read.text(), value));
        }
    }

    /** A recorded put; {@code value} null deletes. */
    private void put(int process, String key, String value, String fromVersion, Op op) throws InterruptedException {
        long id = history.invoke(process, key, op);
        String request = "PUT " + op + " on " + key;
        Sent sent = send(process, id, request);
        try {
            Write write = sent.client.put(utf8(key), value == null ? new byte[0] : utf8(value), fromVersion, null);
            if (write.status() != 200) {
                unsuccessful(sent, request, write.answer());
            } else if (op.kind() == Op.Kind.CAS) {
                history.ok(id, write.success());
                sent.done(Outcome.OK, "success:" + write.success());
            } else if (write.success()) {
                history.ok(id);
                sent.done(Outcome.OK, "success:true");
            } else {
                anomalies.add("unconditional " + op + " on " + key + " rejected: " + write.answer());
                history.fail(id);
                sent.done(Outcome.FAIL, "rejected " + write.answer().body());
            }
        } catch (IOException e) {
            history.info(id);
            sent.done(Outcome.INFO, e.toString());
        }
    }

    /** 5xx: effect unknown; 4xx: proved not to have happened. Only 502, 503 and 504 are expected here. */
    private void unsuccessful(Sent sent, String request, Answer answer) {
        int status = answer.status();
        if (status < 502 || status > 504) {
            anomalies.add(request + " answered " + status + " " + answer.body());
        }
        if (status >= 500) {
            history.info(sent.operation);
            sent.done(Outcome.INFO, status + " " + answer.body());
        } else {
            history.fail(sent.operation);
            sent.done(Outcome.FAIL, status + " " + answer.body());
        }
    }

    /** Picks a node not known faulty now and starts the clock of the request to it. */
    private Sent send(int process, long operation, String what) {
        long start = System.nanoTime();
        int node = live.pick();
        return new Sent(process, operation, what, node, start, new KvClient(cluster.nodeUrl(node), REQUEST_TIMEOUT));
    }

    /** A request on its way: {@link #done} records how it ended. */
    private final class Sent {
        final int process;
        final long operation;
        final String what;
        final int node;
        final long start;
        final KvClient client;

        Sent(int process, long operation, String what, int node, long start, KvClient client) {
            this.process = process;
            this.operation = operation;
            this.what = what;
            this.node = node;
            this.start = start;
            this.client = client;
        }

        void done(Outcome outcome, String detail) {
            requests.add(new Request(operation, process, node, what, start, System.nanoTime(), outcome, detail));
        }
    }

}
