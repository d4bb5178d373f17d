package dynamo.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricAttribute;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dynamo.harness.RepoDir;
import dynamo.metrics.ReportedSeries;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Graphite target of monitoring/grafana/dashboards/dynamo.json must name a series the node
 * reports: dynamo.&lt;node&gt;.&lt;metric&gt; where the metric is one the node registers, with the
 * suffix the Graphite reporter gives its type.
 */
class DashboardMetricsTest {
    /** What the node's reporter sends of a timer or meter (dynamo.metrics.ReportedSeries). */
    private static final Set<String> SENT_SUFFIXES = ReportedSeries.ATTRIBUTES.stream()
            .map(MetricAttribute::getCode).collect(Collectors.toSet());
    private static final Set<String> TIMER_SUFFIXES = Set.of("count", "m1_rate", "p50", "p75", "p95", "p99", "max", "mean");
    private static final Set<String> METER_SUFFIXES = Set.of("count", "m1_rate");
    private static final List<String> TIMERS = List.of("coordinator.get", "coordinator.put", "replica.read", "replica.write");
    private static final List<String> METERS = List.of("requests.forwarded", "quorum.failures", "quorum.failedFast", "coordinator.put.rejected",
            "replica.timeouts", "hints.delivered", "antientropy.repairs");
    private static final List<String> GAUGES = List.of("hints.pending", "storage.keys", "requests.inflight",
            "transport.dropped",
            // Dropwizard's own JVM gauges (MemoryUsageGaugeSet, thread states) that a panel may use.
            "jvm.memory.heap.used", "jvm.memory.heap.max", "jvm.memory.heap.committed", "jvm.memory.heap.usage",
            "jvm.threads.count");
    /** A series path inside a target: from "dynamo." up to a function's comma or parenthesis. */
    private static final Pattern SERIES = Pattern.compile("dynamo\\.(?:\\{[^}]*}|[^,()\\s'\"{])+");
    private static final Pattern BRACES = Pattern.compile("\\{([^}]*)}");

    private final ObjectMapper json = new ObjectMapper();

    /** The series the node's reporter sends: its filter and attributes over what the node registers. */
    static Set<String> knownMetrics() {
        Set<String> known = new HashSet<>();
        GAUGES.stream().filter(ReportedSeries::sends).forEach(known::add);
        TIMERS.stream().filter(ReportedSeries::sends).forEach(t -> TIMER_SUFFIXES.stream()
                .filter(SENT_SUFFIXES::contains).forEach(s -> known.add(t + "." + s)));
        METERS.stream().filter(ReportedSeries::sends).forEach(m -> METER_SUFFIXES.stream()
                .filter(SENT_SUFFIXES::contains).forEach(s -> known.add(m + "." + s)));
        return known;
    }

    private JsonNode dashboard() throws IOException {
        return json.readTree(RepoDir.resolve("monitoring/grafana/dashboards/dynamo.json").toFile());
    }

    private List<String> targets() throws IOException {
        List<String> targets = new ArrayList<>();
        for (JsonNode panel : dashboard().path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                targets.add(target.path("target").asText());
            }
        }
        return targets;
    }

    /** The series a target reads, braces expanded, the node segment replaced by "*". */
    static List<String> series(String target) {
        List<String> paths = new ArrayList<>();
        Matcher m = SERIES.matcher(target);
        while (m.find()) {
            paths.addAll(expand(m.group()));
        }
        return paths;
    }

    private static List<String> expand(String path) {
        Matcher brace = BRACES.matcher(path);
        if (!brace.find()) {
            return List.of(path);
        }
        return Stream.of(brace.group(1).split(","))
                .flatMap(option -> expand(path.substring(0, brace.start()) + option + path.substring(brace.end())).stream())
                .toList();
    }

    @Test
    void everyTargetReadsOnlySeriesTheNodeReports() throws IOException {
        Set<String> known = knownMetrics();
        List<String> targets = targets();
        assertThat(targets).isNotEmpty();
        for (String target : targets) {
            List<String> series = series(target);
            assertThat(series).as("series in %s", target).isNotEmpty();
            for (String path : series) {
                String[] parts = path.split("\\.", 3);
                assertThat(parts).as(path).hasSize(3);
                assertThat(parts[1]).as("node segment of %s", path).isIn("$node", "*");
                assertThat(parts[2]).as("metric of %s in %s", path, target).isIn(known);
            }
        }
    }

    @Test
    void thePanelsCoverWhatAnOperatorWatches() throws IOException {
        Set<String> read = targets().stream().flatMap(t -> series(t).stream())
                .map(p -> p.split("\\.", 3)[2]).collect(Collectors.toSet());

        assertThat(read).contains(
                "coordinator.get.m1_rate", "coordinator.put.m1_rate",
                "coordinator.get.p50", "coordinator.get.p99", "coordinator.put.p50", "coordinator.put.p99",
                "requests.forwarded.m1_rate", "quorum.failures.m1_rate", "replica.timeouts.m1_rate",
                "hints.pending", "hints.delivered.m1_rate", "antientropy.repairs.m1_rate",
                "storage.keys", "jvm.memory.heap.used");
    }

    @Test
    void theNodeVariableListsTheNodesAndEveryPanelUsesTheProvisionedDatasource() throws IOException {
        JsonNode dashboard = dashboard();
        JsonNode variable = dashboard.path("templating").path("list").get(0);
        assertThat(variable.path("name").asText()).isEqualTo("node");
        assertThat(variable.path("query").asText()).isEqualTo("dynamo.*");
        assertThat(variable.path("allValue").asText()).isEqualTo("*");

        JsonNode provisioned = new ObjectMapper(new YAMLFactory()).readTree(
                RepoDir.resolve("monitoring/grafana/provisioning/datasources/graphite.yml").toFile());
        String uid = provisioned.path("datasources").get(0).path("uid").asText();
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText()).isEqualTo(uid);
            assertThat(ids.add(panel.path("id").asInt())).as("unique panel id %s", panel.path("id")).isTrue();
        }
    }

    @Test
    void seriesExtractionExpandsBracesInsideFunctions() {
        assertThat(series("aliasByNode(dynamo.$node.coordinator.{get,put}.m1_rate, 1, 3)"))
                .containsExactly("dynamo.$node.coordinator.get.m1_rate", "dynamo.$node.coordinator.put.m1_rate");
        assertThat(series("alias(sumSeries(dynamo.*.storage.keys), 'keys')")).containsExactly("dynamo.*.storage.keys");
    }
}
