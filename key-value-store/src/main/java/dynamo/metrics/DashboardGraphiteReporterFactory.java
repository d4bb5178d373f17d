package dynamo.metrics;

import com.codahale.metrics.MetricAttribute;
import com.codahale.metrics.MetricFilter;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.dropwizard.metrics.graphite.GraphiteReporterFactory;
import java.util.EnumSet;
import java.util.Set;

/**
 * Dropwizard's Graphite reporter ({@code type: graphite} options: host, port, prefix, transport,
 * frequency, includes, excludes, ...) sending only {@link ReportedSeries}: configured as
 * {@code type: dashboard-graphite}. Its includes, excludes and attribute options narrow that further.
 */
@JsonTypeName("dashboard-graphite")
public class DashboardGraphiteReporterFactory extends GraphiteReporterFactory {
    private final ReportedSeries series = new ReportedSeries();

    @Override
    public MetricFilter getFilter() {
        MetricFilter configured = super.getFilter();
        return (name, metric) -> series.matches(name, metric) && configured.matches(name, metric);
    }

    @Override
    protected Set<MetricAttribute> getDisabledAttributes() {
        EnumSet<MetricAttribute> disabled = EnumSet.noneOf(MetricAttribute.class);
        disabled.addAll(ReportedSeries.disabledAttributes());
        disabled.addAll(super.getDisabledAttributes());
        return disabled;
    }
}
