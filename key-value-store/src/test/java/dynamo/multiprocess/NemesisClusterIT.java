package dynamo.multiprocess;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dynamo.faults.DiskFaults;
import dynamo.faults.NetworkFaults;
import dynamo.faults.SlowLink;
import dynamo.harness.LiveNodes;
import dynamo.harness.LocalCluster;
import dynamo.linearizability.History;
import dynamo.linearizability.KeyResult;
import dynamo.linearizability.LinearizabilityChecker;
import dynamo.linearizability.Result;
import dynamo.multiprocess.Nemesis.Fault;
import dynamo.multiprocess.Nemesis.Window;
import dynamo.multiprocess.RegisterWorkload.KeyChooser;
import dynamo.multiprocess.RegisterWorkload.Mix;
import dynamo.multiprocess.RegisterWorkload.Request;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Jepsen-style runs: concurrent clients on a handful of keys, every operation recorded and the
 * history checked for linearizability per key, while a nemesis crashes (kill -9), pauses
 * (SIGSTOP/SIGCONT), cuts off from its peers (both ways or one way), puts on a lossy or slow link or
 * stalls the disk of random nodes, one at a time. The network faults need iptables and root
 * ({@link NetworkFaults}; the slow link also iptables' nat table and ss, {@link SlowLink}), the
 * stalled disks loop mounts and root ({@link DiskFaults}: the nodes' data then live on file systems
 * of their own); without them those runs are skipped. Each run must show what DESIGN.md section 4
 * promises with at most one faulty node: every key linearizable (final healed reads included), no
 * anomaly, no acknowledged write lost, and every request to a healthy node successful (see
 * {@link #failedOnHealthyNodes}).
 *
 * <p>{@code -Dnemesis.seconds=N} lengthens the runs with a nemesis (default 30); every 20 s the
 * clients move to fresh keys, so a long run gives more keys, not longer histories. Each run's full
 * history is kept in target/cluster-logs/NemesisClusterIT/.
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
    private static final Duration WARM_UP = Duration.ofSeconds(8);
    private static final Duration HEALED_READS = Duration.ofSeconds(60);
    private static final Mix READS_PUTS_DELETES = new Mix(40, 40, 20, 0);
    private static final Mix WITH_CONDITIONAL_PUTS = new Mix(30, 20, 10, 40);
    /** Node meters that tell how stable the cluster looked from inside. */
    private static final List<String> COUNTERS = List.of("replica.timeouts", "requests.forwarded", "quorum.failures",
            "coordinator.put.rejected");

    private final String run = "nemesis-" + Long.toHexString(System.nanoTime());
    private LocalCluster cluster;
    /** The iptables rules of this class's runs, tagged with the run; null where iptables cannot be used. */
    private NetworkFaults network;
    /** Each node's data on a file system of its own, to stall; null where loop mounts cannot be made. */
    private DiskFaults disks;
    /** The slow-link run's relays and NAT rules while it runs (closed at its end, and in {@link #stopCluster}). */
    private SlowLink slowLink;

    @BeforeAll
    void startCluster() throws Exception {
        disks = diskFaults();
        cluster = disks == null ? LocalCluster.start(getClass().getSimpleName(), 5)
                : LocalCluster.start(getClass().getSimpleName(), 5, disks::dataDir);
        warmUnderLoad();
        if (NetworkFaults.available()) {
            network = new NetworkFaults(cluster.endpoints(), "dynamo-" + run + "-" + ProcessHandle.current().pid());
        }
    }

    /** One file system per node for the stalled-disk run, or null (said why) where this machine cannot make them. */
    private DiskFaults diskFaults() {
        if (!DiskFaults.available()) {
            System.out.println("[disks] no loop mounts here (root, /dev/loop-control, mkfs.ext4, fsfreeze): no stalled-disk run");
            return null;
        }
        try {
            return new DiskFaults(Path.of("target", "disks", run), List.of(1, 2, 3, 4, 5));
        } catch (IOException e) {
            System.out.println("[disks] could not make the nodes' file systems, no stalled-disk run: " + e.getMessage());
            return null;
        }
    }

    /**
     * The clients' workload for a few seconds before the first run, not checked: the first seconds of
     * load on fresh JVMs can fail requests with no fault at all (README, known limits: a fresh cluster
     * fails a few of its first writes; ColdStartAndRejoinClusterIT tests that), and whichever run came
     * first would count them. What failed is printed.
     */
    private void warmUnderLoad() throws Exception {
        RegisterWorkload workload = new RegisterWorkload(cluster, new LiveNodes(cluster.indices()), new History(),
                WITH_CONDITIONAL_PUTS);
        workload.run(CLIENTS, (process, random) -> run + "/warm-up-" + random.nextInt(KEYS), WARM_UP);
        long failed = workload.requests().stream().filter(request -> !request.succeeded()).count();
        System.out.printf("[warm-up] %d of %d requests under load on the fresh cluster did not succeed%n", failed,
                workload.requests().size());
    }

    /**
     * Removes every network fault of ours and resumes any node a failed or interrupted run left
     * paused, before stopping the cluster.
     */
    @AfterAll
    void stopCluster() {
        if (slowLink != null) {
            slowLink.close();
        }
        if (network != null) {
            network.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (disks != null) {
            disks.close(); // after the nodes stopped: nothing holds the file systems any more
        }
    }

    @Test
    void getsPutsAndDeletesStayLinearizableWhileNodesCrashAndRestart() throws Exception {
        assertHeld(run("crash", READS_PUTS_DELETES, NEMESIS_RUN, Fault.KILL));
    }

    @Test
    void conditionalPutsAreLinearizableOnAStableCluster() throws Exception {
        assertHeld(run("cas", WITH_CONDITIONAL_PUTS, CALM_RUN, null));
    }

    @Test
    void conditionalPutsReadsPutsAndDeletesStayLinearizableWhileNodesCrash() throws Exception {
        assertHeld(run("cas-crash", WITH_CONDITIONAL_PUTS, NEMESIS_RUN, Fault.KILL));
    }

    @Test
    void conditionalPutsReadsPutsAndDeletesStayLinearizableWhileNodesPause() throws Exception {
        assertHeld(run("cas-pause", WITH_CONDITIONAL_PUTS, NEMESIS_RUN, Fault.PAUSE));
    }

    @Test
    void getsPutsAndDeletesStayLinearizableWhileNodesPause() throws Exception {
        assertHeld(run("pause", READS_PUTS_DELETES, NEMESIS_RUN, Fault.PAUSE));
    }

    @Test
    void everyOperationStaysLinearizableWhileANodeIsCutOffBothWays() throws Exception {
        assertHeld(run("partition", WITH_CONDITIONAL_PUTS, NEMESIS_RUN, Fault.PARTITION));
    }

    @Test
    void everyOperationStaysLinearizableWhileANodeIsCutOffOneWay() throws Exception {
        assertHeld(run("partition-one-way", WITH_CONDITIONAL_PUTS, NEMESIS_RUN, Fault.PARTITION_ONE_WAY));
    }

    @Test
    void everyOperationStaysLinearizableWhileANodeIsOnALossyLink() throws Exception {
        assertHeld(run("lossy", WITH_CONDITIONAL_PUTS, NEMESIS_RUN, Fault.LOSSY));
    }

    @Test
    void everyOperationStaysLinearizableWhileANodeIsOnASlowLink() throws Exception {
        assertHeld(run("slow", WITH_CONDITIONAL_PUTS, NEMESIS_RUN, Fault.SLOW));
    }

    @Test
    void everyOperationStaysLinearizableWhileANodesDiskStalls() throws Exception {
        assertHeld(run("disk-stall", WITH_CONDITIONAL_PUTS, NEMESIS_RUN, Fault.DISK_STALL));
    }

    /**
     * One run: clients (and the nemesis, unless {@code fault} is null) for {@code duration}, then,
     * with every node healthy again, a final read per key, then the check.
     */
    private Outcome run(String name, Mix mix, Duration duration, Fault fault) throws Exception {
        if (fault != null && fault.inNetwork()) {
            assumeTrue(network != null, "iptables is not usable here (not installed, or not root)");
        }
        if (fault == Fault.DISK_STALL) {
            assumeTrue(disks != null, "no loop-mounted file systems here (needs root, loop devices, fsfreeze)");
        }
        if (fault == Fault.SLOW) {
            assumeTrue(SlowLink.available(), "iptables' nat table or ss is not usable here (not installed, or not root)");
            installSlowLink(name);
        }
        int notServing = cluster.awaitServing(Duration.ofSeconds(30)); // the test before may have healed a node just now
        if (notServing > 0) {
            System.out.printf("[%s] %d requests failed while waiting for every node to serve%n", name, notServing);
        }
        History history = new History();
        LiveNodes live = new LiveNodes(cluster.indices());
        RegisterWorkload workload = new RegisterWorkload(cluster, live, history, mix);
        long started = System.nanoTime();
        System.out.printf("=== %s starts at %s (the nemesis' times count from here; node logs are in wall-clock time)%n",
                name, java.time.LocalTime.now());
        KeyChooser keys = (process, random) -> run + "/" + name + "-g"
                + (System.nanoTime() - started) / KEY_GENERATION.toNanos() + "-" + random.nextInt(KEYS);
        long seed = System.nanoTime();
        Nemesis nemesis = fault == null ? null
                : new Nemesis(cluster, network, disks, slowLink, live, fault, seed, started);
        if (nemesis != null) {
            nemesis.start();
        }
        long clientsDone = started;
        try {
            workload.run(CLIENTS, keys, duration);
            clientsDone = System.nanoTime();
        } finally {
            try {
                if (nemesis != null) {
                    nemesis.stopAndHeal();
                }
            } finally {
                closeSlowLink(name);
            }
        }
        long healed = System.nanoTime();
        workload.finalReads(history.keys(), HEALED_READS);
        long checking = System.nanoTime();
        Result result = LinearizabilityChecker.check(history);
        long checked = System.nanoTime();

        List<Window> windows = nemesis == null ? List.of() : nemesis.windows();
        Outcome outcome = new Outcome(name, fault, nemesis == null ? 0 : nemesis.faults(),
                nemesis == null ? List.of() : nemesis.events(), result, workload.anomalies(),
                LostWrites.find(history.operations(), RegisterWorkload.FINAL_READER),
                workload.requests().size(), failedOnHealthyNodes(workload.requests(), excused(fault, windows), started));
        print(outcome, seed, workload);
        if (fault != null) {
            System.out.println(latencies(name, workload.requests(), windows));
        }
        System.out.printf("[verdict] %s: %s; %d faults; clients %.1f s, heal %.1f s, final reads %.1f s, check %.1f s%n",
                name, outcome.verdictLine(), outcome.faults(), (clientsDone - started) / 1e9,
                (healed - clientsDone) / 1e9, (checking - healed) / 1e9, (checked - checking) / 1e9);
        keep(name, history);
        return outcome;
    }

    /**
     * Puts every node-to-node connection through a relay before the run (see {@link SlowLink}: the nodes
     * redial once, here, not at every fault) and waits until every node serves again and, for a
     * while, until every node's relay carries a connection from each peer (a pair with no traffic
     * yet redials later; which pairs were relayed is printed).
     */
    private void installSlowLink(String name) throws Exception {
        slowLink = new SlowLink(cluster.endpoints(), "dynamo-" + run + "-" + name + "-" + ProcessHandle.current().pid(),
                Duration.ofMillis(Fault.DELAY_MILLIS), Duration.ofMillis(Fault.JITTER_MILLIS));
        slowLink.install();
        int failed = cluster.awaitServing(Duration.ofSeconds(30));
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!everyPairRelayed() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        System.out.printf("[%s] slow link installed (%d requests failed while the nodes redialed); relayed now,"
                + " per destination node: %s%n", name, failed, slowLink.relayed());
    }

    private boolean everyPairRelayed() {
        int peers = cluster.size() - 1;
        return slowLink.relayed().values().stream().allMatch(from -> from.stream().distinct().count() >= peers);
    }

    /** Removes the slow link's rules and relays (the nodes redial straight to each other); says what they did. */
    private void closeSlowLink(String name) {
        if (slowLink != null) {
            System.out.printf("[%s] slow link: %s%n", name, slowLink.stats());
            slowLink.close();
            slowLink = null;
        }
    }

    /**
     * How long the successful requests took: through the faulty node while it was faulty, through the
     * other nodes while one was faulty, and with no node faulty (median, 90th percentile, max). On a
     * slow link the first shows the delay (a coordinator there waits for replicas across it).
     */
    static String latencies(String name, List<Request> requests, List<Window> windows) {
        Map<String, List<Long>> byKind = new TreeMap<>();
        for (Request request : requests) {
            if (!request.succeeded()) {
                continue;
            }
            List<Window> during = windows.stream().filter(w -> w.overlaps(request.start(), request.end())).toList();
            String kind = during.isEmpty() ? "3 no node faulty"
                    : during.stream().anyMatch(w -> w.node() == request.node()) ? "1 through the faulty node"
                    : "2 through the others during a fault";
            byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(request.end() - request.start());
        }
        StringBuilder text = new StringBuilder("[" + name + "] latency of successful requests:");
        byKind.forEach((kind, nanos) -> {
            List<Long> sorted = nanos.stream().sorted().toList();
            text.append(String.format("%n  %-36s %5d requests, median %6.1f ms, p90 %6.1f ms, max %6.1f ms",
                    kind.substring(2), sorted.size(), sorted.get(sorted.size() / 2) / 1e6,
                    sorted.get(sorted.size() * 9 / 10) / 1e6, sorted.get(sorted.size() - 1) / 1e6));
        });
        return text.toString();
    }

    /**
     * The requests that did not succeed (info: 5xx or timeout; or fail, or an anomaly) although
     * their node was healthy all along: not the nemesis' victim at any moment between choosing the
     * node and the end of the request. Each is listed as "start..end s (since the run started),
     * node, client, request, how it ended".
     */
    static List<String> failedOnHealthyNodes(List<Request> requests, List<Window> windows, long epochNanos) {
        return requests.stream()
                .filter(request -> !request.succeeded())
                .filter(request -> windows.stream()
                        .noneMatch(w -> w.node() == request.node() && w.overlaps(request.start(), request.end())))
                .filter(request -> !duringRecovery(request, windows))
                .sorted(Comparator.comparingLong(Request::start))
                .map(request -> String.format("%6.2f..%6.2f s node%d p%d %s -> %s: %s",
                        (request.start() - epochNanos) / 1e9, (request.end() - epochNanos) / 1e9, request.node(),
                        request.process(), request.what(), request.outcome(), request.detail()))
                .toList();
    }

    /**
     * The fault windows whose requests may fail. None for a stalled disk: the node still runs and
     * hears its peers, whose majority carries every operation it coordinates, so every request must
     * succeed, also those sent to it.
     */
    private static List<Window> excused(Fault fault, List<Window> windows) {
        return fault == Fault.DISK_STALL ? List.of() : windows;
    }

    /**
     * A node healed by the nemesis needs a moment before it serves well again: its peers' broker links
     * to it broke while it was stopped or dead and must reconnect, and it works off what queued up
     * meanwhile. Requests overlapping the first 3 s after a heal are not counted against availability
     * (README, known limits); those during a fault are.
     */
    static final long RECOVERY_NANOS = 3_000_000_000L;

    static boolean duringRecovery(Request request, List<Window> windows) {
        return windows.stream().filter(healed -> healed.to() != Long.MAX_VALUE)
                .anyMatch(healed -> healed.to() <= request.end() && request.start() <= healed.to() + RECOVERY_NANOS);
    }

    private static void assertHeld(Outcome outcome) {
        String events = outcome.events().isEmpty() ? "no nemesis" : "nemesis:\n  " + String.join("\n  ", outcome.events());
        SoftAssertions soft = new SoftAssertions();
        if (outcome.fault() != null) {
            soft.assertThat(outcome.faults()).as("%s: nodes the nemesis %s", outcome.name(), outcome.fault().verb)
                    .isPositive();
        }
        soft.assertThat(outcome.result().violations())
                .as("%s: keys with no linearization (%s)", outcome.name(), outcome.result().verdict()).isEmpty();
        soft.assertThat(outcome.result().unknown())
                .as("%s: keys the checker could neither prove nor refute", outcome.name()).isEmpty();
        soft.assertThat(outcome.anomalies()).as("%s: anomalies", outcome.name()).isEmpty();
        soft.assertThat(outcome.lostWrites()).as("%s: acknowledged writes lost", outcome.name()).isEmpty();
        soft.assertThat(outcome.healthyFailures())
                .as("%s: requests %s that did not succeed (of %d requests); %s", outcome.name(), outcome.counted(),
                        outcome.requests(), events)
                .isEmpty();
        soft.assertAll();
    }

    private static void print(Outcome outcome, long seed, RegisterWorkload workload) {
        StringBuilder text = new StringBuilder("=== " + outcome.name() + " (nemesis seed " + seed + ")\n");
        outcome.events().forEach(event -> text.append("  nemesis ").append(event).append('\n'));
        workload.summary().forEach((kind, count) -> text.append("  ").append(kind).append(": ").append(count).append('\n'));
        for (KeyResult key : outcome.result().keys()) {
            text.append("  ").append(key.key()).append(": ").append(key.verdict()).append(", ")
                    .append(key.operations()).append(" ops, checked in ").append(key.elapsed().toMillis()).append(" ms\n");
        }
        outcome.anomalies().forEach(anomaly -> text.append("  anomaly: ").append(anomaly).append('\n'));
        outcome.lostWrites().forEach(lost -> text.append("  lost: ").append(lost).append('\n'));
        outcome.healthyFailures().forEach(failed -> text.append("  failed on a healthy node: ").append(failed).append('\n'));
        text.append(outcome.result());
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

    private record Outcome(String name, Fault fault, int faults, List<String> events, Result result,
            List<String> anomalies, List<String> lostWrites, int requests, List<String> healthyFailures) {
        /** Which requests had to succeed (see {@link #excused}). */
        String counted() {
            return fault == Fault.DISK_STALL ? "to any node (a stalled disk excuses none)" : "to healthy nodes";
        }

        String verdictLine() {
            return String.format("%s, %d keys (%d NOT linearizable, %d unknown), %d anomalies, %d lost acknowledged writes,"
                    + " %d of %d requests %s failed", result.verdict(), result.keys().size(),
                    result.violations().size(), result.unknown().size(), anomalies.size(), lostWrites.size(),
                    healthyFailures.size(), requests, counted());
        }
    }
}
