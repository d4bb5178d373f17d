package dynamo.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dynamo.harness.RepoDir;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/** The Graphite series monitoring/grafana/dashboards/dynamo.json reads, for one node. */
final class LiveDashboard {
    private static final String DASHBOARD = "monitoring/grafana/dashboards/dynamo.json";

    private LiveDashboard() {
    }

    /** Every series path the dashboard's targets read when its node variable is {@code nodeId}. */
    static SortedSet<String> seriesOf(String nodeId) throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(RepoDir.resolve(DASHBOARD).toFile());
        SortedSet<String> series = new TreeSet<>();
        for (String target : targets(dashboard.path("panels"), new ArrayList<>())) {
            // The node segment is the template variable or the "All" wildcard.
            String node = "dynamo." + nodeId + ".";
            DashboardMetricsTest.series(target).forEach(path ->
                    series.add(path.replace("dynamo.$node.", node).replace("dynamo.*.", node)));
        }
        return series;
    }

    /** Targets of the panels, including those of panels nested in collapsed rows. */
    private static List<String> targets(JsonNode panels, List<String> into) {
        for (JsonNode panel : panels) {
            panel.path("targets").forEach(t -> into.add(t.path("target").asText()));
            targets(panel.path("panels"), into);
        }
        return into;
    }
}
