package dynamo.metrics;

import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricAttribute;
import com.codahale.metrics.MetricFilter;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The series a node sends to Graphite: every metric of the node itself (NodeMetrics names them
 * under these prefixes) and a few JVM ones, each timer and meter with only the attributes the
 * dashboard reads. Dropwizard also registers about 300 Jetty, Jersey, logback and JVM series per
 * node; carbon would keep a whisper file for each.
 */
public final class ReportedSeries implements MetricFilter {
    /** The namespaces of dynamo.node.NodeMetrics; none of Dropwizard's own metrics starts so. */
    static final List<String> NODE_PREFIXES = List.of("coordinator.", "replica.", "requests.", "quorum.",
            "hints.", "antientropy.", "paxos.", "storage.", "transport.");
    /** Heap, threads and uptime (which tells a restarted JVM apart); GC by collector below. */
    static final Set<String> JVM = Set.of("jvm.memory.heap.used", "jvm.memory.heap.max", "jvm.threads.count",
            "jvm.attribute.uptime");
    /** Dropwizard's GarbageCollectorMetricSet: jvm.gc.&lt;collector&gt;.count and .time. */
    static final Pattern JVM_GC = Pattern.compile("jvm\\.gc\\.[^.]+\\.(count|time)");
    /** Rates and percentiles of timers and meters that the dashboard and the README's graphs read. */
    public static final Set<MetricAttribute> ATTRIBUTES = Set.copyOf(
            EnumSet.of(MetricAttribute.COUNT, MetricAttribute.M1_RATE, MetricAttribute.P50, MetricAttribute.P99));

    @Override
    public boolean matches(String name, Metric metric) {
        return sends(name);
    }

    /** Whether a metric of this registry name is reported at all. */
    public static boolean sends(String name) {
        return NODE_PREFIXES.stream().anyMatch(name::startsWith) || JVM.contains(name) || JVM_GC.matcher(name).matches();
    }

    /** The attributes left out of every timer and meter. */
    public static Set<MetricAttribute> disabledAttributes() {
        EnumSet<MetricAttribute> disabled = EnumSet.allOf(MetricAttribute.class);
        disabled.removeAll(ATTRIBUTES);
        return disabled;
    }
}
