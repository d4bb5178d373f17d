package dynamo.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dynamo.harness.KvClient;
import dynamo.harness.LocalCluster;
import dynamo.ops.LiveWhisper.Point;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The real logging and metrics pipeline of {@code bin/cluster up 3 --syslog --graphite}: each node
 * JVM logs through Dropwizard's syslog appender to a real rsyslogd and reports through the Graphite
 * reporter to a real carbon-cache; the test reads what those daemons wrote to disk.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveOpsClusterIT {
    private static final int NODES = 3;
    private static final int KEYS_PER_NODE = 10;
    /** Nodes report every 10 s and carbon writes soon after; a busy shared machine adds a lot. */
    private static final Duration ARRIVAL = Duration.ofSeconds(120);
    private static final Duration POLL = Duration.ofSeconds(1);
    /** 4 timers x 4 attributes, 8 meters x 2, 4 gauges, heap, threads, uptime, 2 per GC collector. */
    private static final int MAX_SERIES_PER_NODE = 50;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Keeps this run's keys apart from anything else in the store. */
    private final String run = "live-" + Long.toHexString(System.nanoTime()) + "/";
    /** Stopped, its logs kept, after the @AfterAll methods (JUnit's @AutoClose). */
    @AutoClose
    private LocalCluster cluster;
    private Path whisper;
    private Path syslog;

    @BeforeAll
    void startClusterAndSendTraffic() throws Exception {
        assumeTrue(installed("/usr/sbin/rsyslogd"), "rsyslogd is not installed (bin/setup installs rsyslog)");
        assumeTrue(installed("/usr/bin/carbon-cache"),
                "carbon-cache is not installed (bin/setup installs graphite-carbon)");
        cluster = LocalCluster.start(getClass().getSimpleName(), NODES, List.of("--syslog", "--graphite"));
        whisper = cluster.runDir().resolve("graphite/storage/whisper");
        syslog = cluster.runDir().resolve("syslog");
        for (int node : cluster.indices()) {
            for (int k = 0; k < KEYS_PER_NODE; k++) {
                String key = run + node + "-" + k;
                assertThat(put(node, key, "value-" + k)).as("put %s through node%d", key, node).isEqualTo(200);
                assertThat(get(node, key)).as("get %s through node%d", key, node).isEqualTo(200);
            }
        }
    }


    @Test
    @Order(1)
    void everyNodeLogsThroughRsyslogIntoItsOwnFile() throws Exception {
        for (int node : cluster.indices()) {
            Path file = syslog.resolve("node" + node + ".log");
            String tag = "node" + node + "[" + cluster.pid(node) + "]:";
            await().atMost(ARRIVAL).pollInterval(POLL).untilAsserted(() ->
                    assertThat(lines(file)).as("%s", file).anyMatch(l -> l.contains(" " + tag + " INFO ")));
            // Stack trace lines carry "nodeI:" (stackTracePrefix), every other line "nodeI[pid]:".
            assertThat(lines(file)).allSatisfy(l -> assertThat(tagOf(l)).matches("node" + node + "(\\[\\d+])?:"));
        }
    }

    @Test
    @Order(2)
    void carbonStoresEveryNodesMetricsUnderItsPrefixAndCountsTheTraffic() {
        int keys = NODES * KEYS_PER_NODE;
        await().atMost(ARRIVAL).pollInterval(POLL).untilAsserted(() -> {
            for (int node : cluster.indices()) {
                // Every key has all three nodes as replicas (N=3): each node served replica writes.
                for (String metric : List.of("replica.write.count", "storage.keys", "jvm.memory.heap.used")) {
                    assertThat(newest(node, metric)).as("dynamo.node%d.%s", node, metric)
                            .hasValueSatisfying(v -> assertThat(v).isPositive());
                }
            }
            // Each request is coordinated by exactly one node, whichever received it.
            assertThat(sum("coordinator.put.count")).as("puts coordinated").isGreaterThanOrEqualTo(keys);
            assertThat(sum("coordinator.get.count")).as("gets coordinated").isGreaterThanOrEqualTo(keys);
        });
    }

    @Test
    @Order(3)
    void everySeriesTheDashboardReadsExistsForEveryNode() throws Exception {
        for (int node : cluster.indices()) {
            SortedSet<String> series = LiveDashboard.seriesOf("node" + node);
            assertThat(series).as("series of the dashboard").hasSizeGreaterThan(15);
            await().atMost(ARRIVAL).pollInterval(POLL).untilAsserted(() ->
                    assertThat(series).as("series with no whisper file under %s", whisper)
                            .filteredOn(s -> !Files.exists(LiveWhisper.file(whisper, s))).isEmpty());
        }
    }

    /**
     * The reporter sends the node's own series and a few JVM ones (dynamo.metrics.ReportedSeries),
     * not the ~350 Dropwizard registers: carbon keeps one whisper file per series.
     */
    @Test
    @Order(4)
    void eachNodeSendsAFewDozenSeriesNotDropwizardsHundreds() throws Exception {
        for (int node : cluster.indices()) {
            Path dir = whisper.resolve("dynamo/node" + node);
            List<String> files;
            try (var walk = Files.walk(dir)) {
                files = walk.filter(f -> f.toString().endsWith(".wsp")).map(f -> dir.relativize(f).toString()).toList();
            }
            assertThat(files).as("whisper files of node%d", node)
                    .hasSizeGreaterThanOrEqualTo(LiveDashboard.seriesOf("node" + node).size())
                    .hasSizeLessThanOrEqualTo(MAX_SERIES_PER_NODE)
                    .noneMatch(f -> f.startsWith("org/") || f.startsWith("io/") || f.startsWith("ch/"));
        }
    }

    @Test
    @Order(5)
    void graphiteWebRendersOneSeriesPerNodeFromCarbonsFiles() throws Exception {
        assumeTrue(installed("/usr/bin/graphite-manage"), "graphite-web is not installed (bin/setup installs it)");
        await().atMost(ARRIVAL).pollInterval(POLL).untilAsserted(() -> {
            TreeMap<String, Double> keys = rendered("dynamo.*.storage.keys");
            assertThat(keys).as("dynamo.*.storage.keys").containsOnlyKeys(
                    cluster.indices().stream().map(i -> "dynamo.node" + i + ".storage.keys").toArray(String[]::new));
            assertThat(keys.values()).allSatisfy(v -> assertThat(v).isPositive());
        });
    }

    @Test
    @Order(6)
    void aRestartedNodeLogsAndReportsAgainFromItsNewJvm() throws Exception {
        int victim = NODES;
        long oldPid = cluster.pid(victim);
        await().atMost(ARRIVAL).pollInterval(POLL).until(() -> newest(victim, "jvm.attribute.uptime").isPresent());

        cluster.kill(victim);
        for (int k = 0; k < KEYS_PER_NODE; k++) {
            assertThat(put(1, run + "while-down-" + k, "v")).as("put while node%d is down", victim).isEqualTo(200);
        }
        long restartedAt = System.currentTimeMillis() / 1000;
        cluster.start(victim);
        long newPid = cluster.pid(victim);
        assertThat(newPid).isNotEqualTo(oldPid);

        Path file = syslog.resolve("node" + victim + ".log");
        await().atMost(ARRIVAL).pollInterval(POLL).untilAsserted(() ->
                assertThat(lines(file)).anyMatch(l -> l.contains(" node" + victim + "[" + newPid + "]: INFO ")));
        // Only the new JVM reports after the restart (whisper stamps a point with the start of its
        // 10 s interval, and the first report comes one period after startup); its uptime is short.
        await().atMost(ARRIVAL).pollInterval(POLL).untilAsserted(() -> {
            Optional<Point> uptime = LiveWhisper.newest(
                    LiveWhisper.file(whisper, "dynamo.node" + victim + ".jvm.attribute.uptime"));
            assertThat(uptime).hasValueSatisfying(p -> {
                assertThat(p.epochSecond()).isGreaterThanOrEqualTo(restartedAt);
                assertThat(p.value()).isLessThan((System.currentTimeMillis() / 1000 - restartedAt + 10) * 1000.0);
            });
        });
    }

    // --- what the daemons wrote ---------------------------------------------------------------

    private Optional<Double> newest(int node, String metric) throws IOException {
        return LiveWhisper.newest(LiveWhisper.file(whisper, "dynamo.node" + node + "." + metric)).map(Point::value);
    }

    private double sum(String metric) throws IOException {
        double total = 0;
        for (int node : cluster.indices()) {
            total += newest(node, metric).orElse(0.0);
        }
        return total;
    }

    /** graphite-web's JSON render of {@code target}: each series' newest value, by name (none: left out). */
    private TreeMap<String, Double> rendered(String target) throws IOException, InterruptedException {
        String path = "/render?format=json&from=-15min&target=" + URLEncoder.encode(target, StandardCharsets.UTF_8);
        KvClient.Answer response = new KvClient(cluster.graphiteWebUrl(), Duration.ofSeconds(20)).send("GET", path, null);
        assertThat(response.status()).as("%s: %s", path, response.body()).isEqualTo(200);
        TreeMap<String, Double> newest = new TreeMap<>();
        for (JsonNode series : JSON.readTree(response.body())) {
            List<Double> values = new ArrayList<>();
            StreamSupport.stream(series.path("datapoints").spliterator(), false)
                    .filter(p -> p.get(0).isNumber())
                    .forEach(p -> values.add(p.get(0).asDouble()));
            if (!values.isEmpty()) {
                newest.put(series.path("target").asText(), values.get(values.size() - 1));
            }
        }
        return newest;
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    /** rsyslog's line template is "timestamp hostname syslogtag message". */
    private static String tagOf(String line) {
        String[] fields = line.split(" ", 4);
        return fields.length > 2 ? fields[2] : "";
    }

    private static boolean installed(String path) {
        return Files.isExecutable(Path.of(path));
    }

    // --- client API -----------------------------------------------------------------------------

    private int put(int node, String key, String value) throws IOException, InterruptedException {
        return cluster.client(node).withTimeout(Duration.ofSeconds(10)).put(key, value).status();
    }

    private int get(int node, String key) throws IOException, InterruptedException {
        return cluster.client(node).withTimeout(Duration.ofSeconds(10)).get(key).status();
    }
}
