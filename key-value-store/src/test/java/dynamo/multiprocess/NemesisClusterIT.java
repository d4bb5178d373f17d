package dynamo.multiprocess;

import static org.assertj.core.api.Assertions.assertThat;

import dynamo.linearizability.History;
import dynamo.linearizability.KeyResult;
import dynamo.linearizability.LinearizabilityChecker;
import dynamo.linearizability.Result;
import dynamo.multiprocess.RegisterWorkload.KeyChooser;
import dynamo.multiprocess.RegisterWorkload.Mix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Jepsen-style runs: concurrent clients on a handful of keys, every operation recorded and the
 * history checked for linearizability per key (DESIGN.md section 4), while a nemesis crashes and
 * restarts random nodes. {@code -Dnemesis.seconds=N} lengthens the runs with a nemesis (default 30);
 * every 20 s the clients move to fresh keys, so a long run gives more keys, not longer histories.
 * Each run's full history is kept in target/cluster-logs/NemesisClusterIT/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NemesisClusterIT {
    private static final int CLIENTS = 10;
    private static final int KEYS = 5;
    /**
     * Clients move to fresh keys this often, so that a key's history stays small enough for the
     * checker (a few hundred operations here) however long the run.
     */
    private static final Duration KEY_GENERATION = Duration.ofSeconds(20);
    private static final Duration NEMESIS_RUN = Duration.ofSeconds(Integer.getInteger("nemesis.seconds", 30));
    private static final Duration CALM_RUN = Duration.ofSeconds(20);
    private static final Duration HEALED_READS = Duration.ofSeconds(60);
    /** Node meters that tell how stable the cluster looked from inside. */
    private static final List<String> COUNTERS = List.of("replica.timeouts", "requests.forwarded", "quorum.failures",
            "coordinator.put.rejected");

    private final String run = "nemesis-" + Long.toHexString(System.nanoTime());
    private LocalCluster cluster;

    @BeforeAll
    void startCluster() throws Exception {
        cluster = LocalCluster.start(getClass().getSimpleName(), 5);
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void getsPutsAndDeletesStayLinearizableWhileNodesCrashAndRestart() throws Exception {
        Outcome outcome = run("crash", new Mix(40, 40, 20, 0), NEMESIS_RUN, true);

        assertThat(outcome.kills()).as("nodes the nemesis killed").isPositive();
        assertThat(outcome.anomalies()).isEmpty();
        assertThat(outcome.result().isLinearizable()).as(outcome.result().toString()).isTrue();
    }

    @Test
    void conditionalPutsAreLinearizableOnAStableCluster() throws Exception {
        Outcome outcome = run("cas", new Mix(30, 20, 10, 40), CALM_RUN, false);

        assertThat(outcome.anomalies()).isEmpty();
        assertThat(outcome.result().isLinearizable()).as(outcome.result().toString()).isTrue();
    }

    /**
     * Report only: DESIGN.md promises linearizable conditional puts only while a key's coordinator
     * is stable (consensus across failover is a later step), so this prints the verdict instead of
     * asserting it. It still fails if the cluster made no progress at all.
     */
    @Test
    @Tag("report")
    void reportsWhetherConditionalPutsStayLinearizableWhileNodesCrash() throws Exception {
        Outcome outcome = run("cas-crash", new Mix(30, 20, 10, 40), NEMESIS_RUN, true);

        System.out.printf("[report] conditional puts with crashes: %s%n", outcome.result().verdict());
        assertThat(outcome.summary()).as("operations by outcome").containsKey("CAS OK(true)");
    }

    /** One run: clients (and maybe the nemesis) for {@code duration}, then a final read per key, then the check. */
    private Outcome run(String name, Mix mix, Duration duration, boolean withNemesis) throws Exception {
        History history = new History();
        LiveNodes live = new LiveNodes(cluster.indices());
        RegisterWorkload workload = new RegisterWorkload(cluster, live, history, mix);
        long started = System.nanoTime();
        KeyChooser keys = (process, random) -> run + "/" + name + "-g"
                + (System.nanoTime() - started) / KEY_GENERATION.toNanos() + "-" + random.nextInt(KEYS);
        long seed = System.nanoTime();
        Nemesis nemesis = new Nemesis(cluster, live, seed);
        if (withNemesis) {
            nemesis.start();
        }
        try {
            workload.run(CLIENTS, keys, duration);
        } finally {
            if (withNemesis) {
                nemesis.stopAndHeal();
            }
        }
        workload.finalReads(history.keys(), HEALED_READS);

        Result result = LinearizabilityChecker.check(history);
        print(name, seed, nemesis, workload, result);
        keep(name, history);
        return new Outcome(result, workload.anomalies(), nemesis.kills(), workload.summary());
    }

    private static void print(String name, long seed, Nemesis nemesis, RegisterWorkload workload, Result result) {
        StringBuilder text = new StringBuilder("=== " + name + " (nemesis seed " + seed + ")\n");
        nemesis.events().forEach(event -> text.append("  nemesis ").append(event).append('\n'));
        workload.summary().forEach((kind, count) -> text.append("  ").append(kind).append(": ").append(count).append('\n'));
        for (KeyResult key : result.keys()) {
            text.append("  ").append(key.key()).append(": ").append(key.verdict()).append(", ")
                    .append(key.operations()).append(" ops, checked in ").append(key.elapsed().toMillis()).append(" ms\n");
        }
        workload.anomalies().forEach(anomaly -> text.append("  anomaly: ").append(anomaly).append('\n'));
        text.append(result);
        System.out.println(text);
    }

    /** Writes the whole history next to the node logs, and the nodes' failure counters to the log. */
    private void keep(String name, History history) throws Exception {
        Path file = cluster.logDir().resolve(name + "-history.txt");
        Files.writeString(file, history.toString());
        System.out.println("  history: " + file);
        for (int node : cluster.indices()) {
            Map<String, Long> counters = new TreeMap<>();
            cluster.meters(node).forEach((meter, count) -> {
                if (COUNTERS.stream().anyMatch(meter::endsWith)) {
                    counters.put(meter, count);
                }
            });
            System.out.println("  node" + node + " since its start: " + counters);
        }
    }

    private record Outcome(Result result, List<String> anomalies, int kills, Map<String, Long> summary) {
    }
}
