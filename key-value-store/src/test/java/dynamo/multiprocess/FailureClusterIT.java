package dynamo.multiprocess;

import static dynamo.harness.KvClient.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dynamo.harness.KvClient;
import dynamo.harness.KvClient.Entry;
import dynamo.harness.KvClient.Read;
import dynamo.harness.KvClient.Write;
import dynamo.harness.LiveNodes;
import dynamo.linearizability.History;
import dynamo.linearizability.LinearizabilityChecker;
import dynamo.linearizability.Op;
import dynamo.linearizability.Operation;
import dynamo.linearizability.Outcome;
import dynamo.linearizability.Result;
import dynamo.multiprocess.RegisterWorkload.Mix;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * "Survive crashes", modelled on the Simple Dynamo grader: nodes crash (kill -9) one at a time, every
 * operation through the survivors must still succeed with the latest values, and a restarted node
 * must catch up on the writes it missed (DESIGN.md sections 4 and 5).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailureClusterIT extends OnFiveNodes {
    private static final Duration CATCH_UP = Duration.ofSeconds(60);
    private static final Duration BULK_CATCH_UP = Duration.ofSeconds(180);
    private static final int BULK_KEYS = 10_000;

    private final String run = "failure-" + Long.toHexString(System.nanoTime()) + "/";

    @Test
    @Order(1)
    void withOneNodeDownEveryGetPutAndDeleteThroughTheOthersSucceedsWithTheLatestValues() throws Exception {
        int down = 3;
        Map<String, String> latest = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            String key = run + "one-down-" + i;
            assertAcknowledged(cluster.client(1 + i % 5).put(key, "before-" + i));
            latest.put(key, "before-" + i);
        }
        assertThat(latest.keySet()).as("keys node%d coordinates", down)
                .anyMatch(key -> ring.preferenceList(utf8(key)).get(0) == down);

        cluster.kill(down);
        try {
            List<Integer> others = others(down);
            int i = 0;
            for (String key : List.copyOf(latest.keySet())) {
                assertReads(through(others, i), key, latest.get(key));
                String value = "after-" + i;
                assertAcknowledged(through(others, i + 1).put(key, value));
                latest.put(key, value);
                assertReads(through(others, i + 2), key, value);
                if (i % 4 == 0) {
                    assertAcknowledged(through(others, i + 3).delete(key));
                    latest.put(key, null);
                    assertReads(through(others, i), key, null);
                }
                i++;
            }
        } finally {
            cluster.start(down);
        }
        for (Map.Entry<String, String> entry : latest.entrySet()) {
            assertReads(cluster.client(down), entry.getKey(), entry.getValue());
        }
    }

    @Test
    @Order(2)
    void aNodeKilledAmidConcurrentOperationsLosesNoAcknowledgedWriteAndNothingReadsAWrongValue() throws Exception {
        int victim = 5;
        int clients = 8;
        History history = new History();
        LiveNodes live = new LiveNodes(cluster.indices());
        RegisterWorkload workload = new RegisterWorkload(cluster, live, history, new Mix(35, 55, 10, 0));
        List<List<String>> keysOf = IntStream.range(0, clients)
                .mapToObj(p -> IntStream.range(0, 4).mapToObj(k -> run + "in-flight-" + p + "-" + k).toList()).toList();

        ExecutorService killer = Executors.newSingleThreadExecutor();
        Future<Long> killedAt = killer.submit(() -> {
            Thread.sleep(2_500);
            live.down(victim); // new requests avoid it; those in flight on it may fail
            cluster.kill(victim);
            return System.nanoTime();
        });
        try {
            workload.run(clients, (process, random) -> keysOf.get(process).get(random.nextInt(4)), Duration.ofSeconds(8));
        } finally {
            killer.shutdown();
            killedAt.get();
            cluster.start(victim);
            live.up(victim);
        }
        List<String> keys = keysOf.stream().flatMap(List::stream).toList();
        workload.finalReads(keys, CATCH_UP);
        System.out.println("in-flight kill: " + workload.summary());

        assertThat(workload.anomalies()).isEmpty();
        long killed = killedAt.get();
        List<Operation> failedLater = history.operations().stream()
                .filter(o -> o.invokeNanos() > killed && o.outcome() != Outcome.OK).toList();
        assertThat(failedLater).as("operations invoked after node%d died that did not succeed", victim).isEmpty();
        assertThat(lostWrites(history)).as("acknowledged writes lost").isEmpty();
        Result result = LinearizabilityChecker.check(history);
        assertThat(result.isLinearizable()).as(result.toString()).isTrue();
    }

    @Test
    @Order(3)
    void afterEachOfFiveConsecutiveCrashesTheRestartedNodeCatchesUpOnEveryWriteItMissed() throws Exception {
        Map<String, String> latest = new LinkedHashMap<>();
        for (int down : cluster.indices()) {
            cluster.kill(down);
            List<Integer> others = others(down);
            for (int k = 0; k < 30; k++) {
                String key = run + "consecutive-" + k;
                boolean delete = k % 10 == down && latest.get(key) != null;
                Write write = delete ? through(others, k).delete(key) : through(others, k).put(key, "n" + down + "-" + k);
                assertAcknowledged(write);
                latest.put(key, delete ? null : "n" + down + "-" + k);
            }
            int k = 0;
            for (Map.Entry<String, String> entry : latest.entrySet()) {
                assertReads(through(others, ++k), entry.getKey(), entry.getValue());
            }

            cluster.start(down);
            long restarted = System.nanoTime();
            await().atMost(CATCH_UP).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertHoldsLatest(down, latest));
            System.out.printf("node%d caught up on the %d keys it replicates %.1f s after its restart%n",
                    down, replicatedBy(down, latest).size(), seconds(restarted));
        }
    }

    @Test
    @Order(4)
    void measuresHowLongARestartedNodeTakesToCatchUpOnTenThousandMissedKeys() throws Exception {
        int down = 4;
        cluster.kill(down);
        long writing = System.nanoTime();
        Map<String, String> written = writeInParallel(others(down), 24);
        System.out.printf("wrote %d keys with node%d down in %.1f s%n", written.size(), down, seconds(writing));
        Map<String, String> expected = replicatedBy(down, written);

        long starting = System.nanoTime();
        cluster.start(down);
        long healthy = System.nanoTime();
        System.out.printf("node%d healthy %.1f s after bin/cluster start%n", down, (healthy - starting) / 1e9);
        int held = 0;
        long deadline = healthy + BULK_CATCH_UP.toNanos();
        while (System.nanoTime() < deadline && (held = countHeld(down, expected)) < expected.size()) {
            System.out.printf("  %.0f s: node%d holds %d of its %d missed keys%n", seconds(healthy), down, held, expected.size());
            Thread.sleep(2_000);
        }
        System.out.printf("CATCH-UP: node%d holds %d of the %d keys it missed, %.1f s after it became healthy%n",
                down, held, expected.size(), seconds(healthy));
        assertThat(held).as("keys node%d holds with their latest value %s after its restart", down, BULK_CATCH_UP)
                .isEqualTo(expected.size());
    }

    /**
     * Two replicas of a key down (kill -9): its gets and puts through a live node answer 503 with the
     * reason as soon as the node's failure detector calls them down, at a replica deadline (100 ms),
     * not after the request deadline (2 s); keys with one replica down are still served.
     */
    @Test
    @Order(5)
    void withTwoReplicasOfAKeyDownItsRequestsFailFastAndTheOthersAreServed() throws Exception {
        int first = 1;
        int second = 2;
        List<Integer> live = cluster.indices().stream().filter(i -> i != first && i != second).toList();
        String blocked = keyWhere(list -> list.contains(first) && list.contains(second));
        String served = keyWhere(list -> list.contains(first) && !list.contains(second));
        assertAcknowledged(cluster.client(live.get(0)).put(served, "before"));
        cluster.kill(first);
        cluster.kill(second);
        try {
            Thread.sleep(1_000); // the suspicion period (400 ms) and a probe or two
            for (int node : live) {
                KvClient client = cluster.client(node);
                long started = System.nanoTime();
                Write put = client.put(blocked, "v" + node);
                long putMillis = (System.nanoTime() - started) / 1_000_000;
                started = System.nanoTime();
                Read get = client.get(blocked);
                long getMillis = (System.nanoTime() - started) / 1_000_000;
                System.out.printf("FAIL-FAST through node%d: put 503 in %d ms, get 503 in %d ms%n", node, putMillis, getMillis);
                assertThat(put.status()).isEqualTo(503);
                assertThat(put.answer().body()).contains("quorum unreachable");
                assertThat(get.status()).isEqualTo(503);
                assertThat(get.answer().body()).contains("quorum unreachable");
                assertThat(putMillis).as("put: a replica deadline or two, far from the 2 s request deadline").isLessThan(700);
                assertThat(getMillis).as("get: a replica deadline or two, far from the 2 s request deadline").isLessThan(700);
                assertReads(client, served, "before");
            }
        } finally {
            cluster.start(first);
            cluster.start(second);
        }
    }

    private String keyWhere(Predicate<List<Integer>> replicas) {
        for (int i = 0; i < 10_000; i++) {
            String key = run + "fail-fast-" + i;
            if (replicas.test(ring.preferenceList(utf8(key)))) {
                return key;
            }
        }
        throw new AssertionError("no key with such replicas among 10,000");
    }

    // --- helpers ---------------------------------------------------------------------------

    private List<Integer> others(int down) {
        return cluster.indices().stream().filter(i -> i != down).toList();
    }

    private KvClient through(List<Integer> nodes, int turn) {
        return cluster.client(nodes.get(Math.floorMod(turn, nodes.size())));
    }

    /** The first of {@code nodes} on the key's preference list: saves the hop of a forward. */
    private KvClient coordinatorAmong(List<Integer> nodes, String key) {
        List<Integer> all = ring.withReplicas(cluster.size()).preferenceList(utf8(key));
        return cluster.client(all.stream().filter(nodes::contains).findFirst().orElseThrow());
    }

    private Map<String, String> replicatedBy(int node, Map<String, String> values) {
        Map<String, String> mine = new HashMap<>();
        values.forEach((key, value) -> {
            if (ring.replicates(node, utf8(key))) {
                mine.put(key, value);
            }
        });
        return mine;
    }

    /** Node {@code node}'s {@code @} holds the latest value of every key it replicates (deleted: not live). */
    private void assertHoldsLatest(int node, Map<String, String> latest) throws IOException, InterruptedException {
        Map<String, Entry> local = cluster.client(node).local().stream()
                .collect(Collectors.toMap(Entry::keyText, e -> e, (a, b) -> a));
        List<String> wrong = new ArrayList<>();
        replicatedBy(node, latest).forEach((key, expected) -> {
            Entry entry = local.get(key);
            String held = entry == null || !entry.live() ? null : entry.values().size() == 1 ? entry.text() : "siblings";
            if (!Objects.equals(held, expected)) {
                wrong.add(key + " holds " + held + " instead of " + expected);
            }
        });
        assertThat(wrong).as("keys of node%d's @ without their latest value", node).isEmpty();
    }

    private int countHeld(int node, Map<String, String> expected) throws IOException, InterruptedException {
        int held = 0;
        for (Entry entry : cluster.client(node).local()) {
            String value = expected.get(entry.keyText());
            if (value != null && entry.values().size() == 1 && value.equals(entry.text())) {
                held++;
            }
        }
        return held;
    }

    /** Writes BULK_KEYS keys through {@code nodes} with {@code threads} clients; retries unacknowledged puts. */
    private Map<String, String> writeInParallel(List<Integer> nodes, int threads) throws Exception {
        Map<String, String> written = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger retries = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                writers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < BULK_KEYS; i = next.getAndIncrement()) {
                        String key = run + "bulk-" + i;
                        putWithRetries(coordinatorAmong(nodes, key), key, "v" + i, retries);
                        written.put(key, "v" + i);
                    }
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get();
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf("bulk load: %d puts retried%n", retries.get());
        return written;
    }

    private static void putWithRetries(KvClient client, String key, String value, AtomicInteger retries)
            throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                if (client.put(key, value).acknowledged()) {
                    return;
                }
            } catch (IOException e) {
                // timed out: try again
            }
            assertThat(attempt).as("attempts to put %s", key).isLessThan(5);
            retries.incrementAndGet();
        }
    }

    /**
     * Keys (each written by one client only) whose final read shows neither the last acknowledged
     * write nor a write of unknown outcome: an acknowledged write was lost.
     */
    private static List<String> lostWrites(History history) {
        Map<String, List<Operation>> byKey = history.operations().stream()
                .sorted(Comparator.comparingLong(Operation::invokeSeq))
                .collect(Collectors.groupingBy(Operation::key));
        List<String> lost = new ArrayList<>();
        byKey.forEach((key, operations) -> {
            Operation lastAcked = null;
            List<String> unknown = new ArrayList<>();
            Operation finalRead = null;
            for (Operation o : operations) {
                if (o.op().kind() == Op.Kind.WRITE && o.outcome() == Outcome.OK) {
                    lastAcked = o;
                } else if (o.op().kind() == Op.Kind.WRITE && o.outcome() == Outcome.INFO) {
                    unknown.add(o.op().value());
                } else if (o.op().kind() == Op.Kind.READ && o.outcome() == Outcome.OK) {
                    finalRead = o;
                }
            }
            if (lastAcked != null && finalRead != null && !Objects.equals(finalRead.readValue(), lastAcked.op().value())
                    && !unknown.contains(finalRead.readValue())) {
                lost.add(key + ": last acknowledged " + lastAcked + ", finally read " + finalRead);
            }
        });
        return lost;
    }

    private static void assertReads(KvClient client, String key, String expected) throws Exception {
        Read read = client.get(key);
        if (expected == null) {
            assertThat(read.status()).as("get %s through %s: %s", key, client.base(), read.answer()).isEqualTo(404);
        } else {
            assertThat(read.status()).as("get %s through %s: %s", key, client.base(), read.answer()).isEqualTo(200);
            assertThat(read.text()).as("value of %s through %s", key, client.base()).isEqualTo(expected);
        }
    }

    private static void assertAcknowledged(Write write) {
        assertThat(write.acknowledged()).as("put answered %s", write.answer()).isTrue();
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }
}
