package dynamo.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.ScheduledReporter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dynamo.node.DynamoApplication;
import dynamo.node.DynamoConfiguration;
import dynamo.node.NodeMetrics;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.metrics.common.ReporterFactory;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The reporter a node's config names as {@code type: dashboard-graphite}, run once against a
 * socket standing in for carbon, over a registry holding what a node registers: the node's own
 * metrics, Dropwizard's JVM metric sets, and a Jetty timer.
 */
class DashboardGraphiteReporterTest {
    private static final List<String> NODE_GAUGES = List.of("hints.pending", "storage.keys", "requests.inflight",
            "transport.dropped");

    @Test
    void sendsTheNodesSeriesAndAFewJvmOnesOnly() throws Exception {
        MetricRegistry registry = nodeLikeRegistry();
        Set<String> sent = reportOnce(registry);

        assertThat(sent).contains(
                "dynamo.node1.coordinator.get.m1_rate", "dynamo.node1.coordinator.put.p99",
                "dynamo.node1.coordinator.put.p50", "dynamo.node1.replica.write.count",
                "dynamo.node1.quorum.failures.m1_rate", "dynamo.node1.coordinator.put.rejected.m1_rate",
                "dynamo.node1.hints.pending", "dynamo.node1.storage.keys", "dynamo.node1.transport.dropped",
                "dynamo.node1.jvm.memory.heap.used", "dynamo.node1.jvm.memory.heap.max",
                "dynamo.node1.jvm.threads.count", "dynamo.node1.jvm.attribute.uptime");
        assertThat(sent).as("GC series").anyMatch(s -> s.matches("dynamo\\.node1\\.jvm\\.gc\\.[^.]+\\.count"));
        assertThat(sent).as("attributes nobody reads, Jetty, other JVM sets")
                .noneMatch(s -> s.endsWith(".p75") || s.endsWith(".m15_rate") || s.endsWith(".stddev"))
                .noneMatch(s -> s.contains("jetty") || s.contains("jvm.buffers") || s.contains("jvm.memory.pools"));
        // 4 timers x 4 + 8 meters x 2 + 4 gauges + heap, threads, uptime + 2 per GC collector.
        assertThat(sent).hasSizeBetween(40, 50);
        assertThat(registry.getMetrics()).as("what Dropwizard registers").hasSizeGreaterThan(100);
    }

    @Test
    void configuredExcludesNarrowTheSeriesFurther() throws Exception {
        Set<String> sent = reportOnce(nodeLikeRegistry(), "excludes: [jvm.threads.count]");
        assertThat(sent).contains("dynamo.node1.jvm.memory.heap.used").doesNotContain("dynamo.node1.jvm.threads.count");
    }

    private static MetricRegistry nodeLikeRegistry() {
        Bootstrap<DynamoConfiguration> bootstrap = new Bootstrap<>(new DynamoApplication());
        bootstrap.registerMetrics();
        MetricRegistry registry = bootstrap.getMetricRegistry();
        new NodeMetrics(registry);
        NODE_GAUGES.forEach(name -> registry.gauge(name, () -> (Gauge<Long>) () -> 1L));
        registry.timer("org.eclipse.jetty.server.HttpConnectionFactory.new-connections").update(1, TimeUnit.SECONDS);
        return registry;
    }

    /** Builds the reporter from YAML as Dropwizard does, reports once, returns the paths carbon got. */
    private static Set<String> reportOnce(MetricRegistry registry, String... moreYaml) throws Exception {
        try (ServerSocket carbon = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String yaml = "{type: dashboard-graphite, host: 127.0.0.1, port: " + carbon.getLocalPort()
                    + ", prefix: dynamo.node1" + (moreYaml.length > 0 ? ", " + String.join(", ", moreYaml) : "") + "}";
            ObjectMapper mapper = Jackson.newObjectMapper(new YAMLFactory());
            ReporterFactory factory = mapper.readValue(yaml, ReporterFactory.class);
            assertThat(factory).isInstanceOf(DashboardGraphiteReporterFactory.class);
            CompletableFuture<Set<String>> received = CompletableFuture.supplyAsync(() -> receive(carbon));
            try (ScheduledReporter reporter = factory.build(registry)) {
                reporter.report();
            }
            return received.get(10, TimeUnit.SECONDS);
        }
    }

    /** Carbon's plaintext protocol: "path value timestamp" per line, until the reporter closes. */
    private static Set<String> receive(ServerSocket carbon) {
        Set<String> paths = new TreeSet<>();
        try (Socket socket = carbon.accept();
             BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                paths.add(line.split(" ")[0]);
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return paths;
    }
}
