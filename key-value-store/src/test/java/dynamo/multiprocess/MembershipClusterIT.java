package dynamo.multiprocess;

import static org.assertj.core.api.Assertions.assertThat;

import dynamo.harness.KvClient;
import dynamo.harness.LiveNodes;
import dynamo.harness.LocalCluster;
import dynamo.linearizability.History;
import dynamo.linearizability.LinearizabilityChecker;
import dynamo.linearizability.Result;
import dynamo.multiprocess.Nemesis.Window;
import dynamo.multiprocess.RegisterWorkload.KeyChooser;
import dynamo.multiprocess.RegisterWorkload.Mix;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Membership changes of real node processes under the nemesis workload (10 clients: reads, puts,
 * deletes and conditional puts on a few keys, checked for linearizability): a 5-node cluster grows to
 * 6 and 7 nodes with {@code bin/cluster add} (a node is killed with kill -9 and restarted while the 7th
 * joins), then shrinks back to 5 with {@code bin/cluster leave}. Besides the workload's keys the cluster
 * holds {@value #COLD_KEYS} keys nobody writes meanwhile, which every move must stream. At the end:
 * every key linearizable, no acknowledged write lost, every request through a node that was neither
 * killed nor leaving succeeded, and every key is on exactly N nodes' {@code @} (the nodes that lost
 * ranges dropped them, the nodes that left hold nothing the others need).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MembershipClusterIT {
    private static final int CLIENTS = 10;
    private static final int KEYS = 5;
    private static final int COLD_KEYS = 2_000;
    private static final int N = 3;
    private static final Duration KEY_GENERATION = Duration.ofSeconds(20);
    private static final Mix MIX = new Mix(30, 20, 10, 40);
    private static final int VICTIM = 2;

    private final String run = "membership-" + Long.toHexString(System.nanoTime());
    /** Stopped, its logs kept, after the @AfterAll methods (JUnit's @AutoClose). */
    @AutoClose
    private LocalCluster cluster;

    @BeforeAll
    void startCluster() throws Exception {
        cluster = LocalCluster.start(getClass().getSimpleName(), 5);
        for (int k = 0; k < COLD_KEYS; k++) {
            int via = cluster.indices().get(k % cluster.size());
            KvClient.Write w = cluster.client(via).put(run + "/cold-" + k, "cold-" + k);
            assertThat(w.status()).as("cold put %d via node%d", k, via).isBetween(200, 299);
        }
    }


    @Test
    void theClusterGrowsToSevenAndShrinksToFiveUnderLoadLosingNothing() throws Exception {
        History history = new History();
        LiveNodes live = new LiveNodes(cluster.indices());
        RegisterWorkload workload = new RegisterWorkload(cluster, live, history, MIX);
        long started = System.nanoTime();
        KeyChooser keys = (process, random) -> run + "/g" + (System.nanoTime() - started) / KEY_GENERATION.toNanos()
                + "-" + random.nextInt(KEYS);
        List<Window> excused = new ArrayList<>();
        List<String> steps = new ArrayList<>();
        CompletableFuture<Void> changes = CompletableFuture.runAsync(() -> {
            try {
                changeMembership(live, excused, steps, started);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // The clients run until the membership changes are done (bounded: a move that hangs fails the test).
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(12);
        while (!changes.isDone() && System.nanoTime() < deadline) {
            workload.run(CLIENTS, keys, Duration.ofSeconds(10));
        }
        steps.forEach(step -> System.out.println("[membership] " + step));
        changes.get(1, TimeUnit.SECONDS);
        workload.finalReads(history.keys(), Duration.ofSeconds(60));
        Result result = LinearizabilityChecker.check(history);
        List<String> lost = LostWrites.find(history.operations(), RegisterWorkload.FINAL_READER);
        List<String> failed = NemesisClusterIT.failedOnHealthyNodes(workload.requests(), excused, started);
        Files.writeString(cluster.logDir().resolve("membership-history.txt"), history.toString());

        Map<String, Integer> copies = new TreeMap<>();
        for (int node : cluster.indices()) {
            for (KvClient.Entry entry : cluster.client(node).local()) {
                copies.merge(entry.keyText(), 1, Integer::sum);
            }
        }
        Map<String, Integer> wrongCount = new TreeMap<>(copies);
        wrongCount.values().removeIf(c -> c == N);
        System.out.println("[membership] shares at the end: " + shares());
        System.out.printf("[membership] %d requests, %d keys checked (%s), %d keys stored, %d not on exactly %d nodes%n",
                workload.requests().size(), result.keys().size(), result.verdict(), copies.size(), wrongCount.size(), N);

        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(result.violations()).as("keys with no linearization").isEmpty();
        soft.assertThat(result.unknown()).as("keys the checker could not decide").isEmpty();
        soft.assertThat(workload.anomalies()).as("anomalies").isEmpty();
        soft.assertThat(lost).as("acknowledged writes lost").isEmpty();
        soft.assertThat(failed).as("requests through nodes neither killed nor leaving that failed").isEmpty();
        soft.assertThat(copies.keySet().stream().filter(k -> k.contains("/cold-")).count())
                .as("cold keys stored").isEqualTo(COLD_KEYS);
        soft.assertThat(wrongCount).as("keys not on exactly N nodes' @").isEmpty();
        soft.assertAll();
    }

    /** Grows to 7 (killing and restarting a node while the 7th joins), then shrinks back to 5. */
    private void changeMembership(LiveNodes live, List<Window> excused, List<String> steps, long started)
            throws Exception {
        Thread.sleep(5_000);
        int sixth = timed(steps, started, "add node6", cluster::add);
        steps.add("shares with 6 nodes: " + shares());
        live.up(sixth);
        Thread.sleep(3_000);
        CompletableFuture<Integer> seventh = CompletableFuture.supplyAsync(() -> {
            try {
                return timed(steps, started, "add node7", cluster::add);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        awaitMoveUnderWay(seventh);
        live.down(VICTIM);
        long killed = System.nanoTime();
        cluster.kill(VICTIM);
        steps.add(String.format("%.1f s: kill -9 node%d", (killed - started) / 1e9, VICTIM));
        Thread.sleep(3_000);
        cluster.start(VICTIM);
        excused.add(new Window(VICTIM, killed, System.nanoTime() + NemesisClusterIT.RECOVERY_NANOS));
        steps.add(String.format("%.1f s: node%d restarted", (System.nanoTime() - started) / 1e9, VICTIM));
        live.up(VICTIM);
        live.up(seventh.get(10, TimeUnit.MINUTES));
        steps.add("shares with 7 nodes: " + shares());
        Thread.sleep(3_000);
        for (int leaving : List.of(7, 6)) {
            live.down(leaving);
            excused.add(new Window(leaving, System.nanoTime(), Long.MAX_VALUE));
            timed(steps, started, "leave node" + leaving, () -> {
                cluster.leave(leaving);
                return leaving;
            });
            Thread.sleep(2_000);
        }
    }

    /** Waits (bounded) until node 1 reports a move under way, so the kill lands inside the move itself. */
    private void awaitMoveUnderWay(CompletableFuture<Integer> add) throws Exception {
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!add.isDone() && System.nanoTime() < until) {
            if (!ring(1).path("move").isMissingNode() && !ring(1).path("move").isNull()) {
                return;
            }
            Thread.sleep(100);
        }
        System.out.println("[membership] no move seen under way before node7's add returned: the kill follows it");
    }

    private com.fasterxml.jackson.databind.JsonNode ring(int node) throws Exception {
        return new KvClient(cluster.adminUrl(node)).send("GET", "/ring", null).json();
    }

    /** Each member's share of the keys (percent), as node 1's GET /ring gives them. */
    private Map<String, Double> shares() throws Exception {
        Map<String, Double> shares = new TreeMap<>();
        ring(1).path("nodes").forEach(n -> shares.put(n.path("id").asText(), n.path("share").asDouble()));
        return shares;
    }

    private interface Step {
        int run() throws Exception;
    }

    private static int timed(List<String> steps, long started, String what, Step step) throws Exception {
        long from = System.nanoTime();
        int result = step.run();
        steps.add(String.format("%.1f s: %s took %.1f s", (from - started) / 1e9, what, (System.nanoTime() - from) / 1e9));
        return result;
    }
}
