package dynamo.webview;

import dynamo.core.epoch.RingConfig;
import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import dynamo.core.liveness.FailureDetector;
import dynamo.core.epoch.EpochRing;
import dynamo.core.membership.Membership;
import dynamo.core.handoff.HintStore;
import dynamo.http.JsonServlet;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import io.dropwizard.servlets.assets.AssetServlet;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Puts the web view on the admin port: the page under {@code /ui/} (classpath resources in
 * {@code webview/}), {@code /cluster/status} (the members as this node sees them) and
 * {@code /cluster/stats} (this node's own numbers, readable from any origin), and the sampler that
 * keeps the last five minutes of this node's request rate and p99.
 */
public final class WebView {
    static final long SAMPLE_MILLIS = 10_000;
    static final int SAMPLES_KEPT = 30;

    /** What the view reads from the assembled node. */
    public record Sources(String nodeId, int replicas, EpochRing ring, Membership membership,
            FailureDetector detector, HintStore hints, IntSupplier requestsInFlight) {
    }

    private WebView() {
    }

    /**
     * {@code getTimer} and {@code putTimer} name the coordinator timers in {@code metrics}; {@code sources}
     * gives the node's parts, which exist once it has started (before Jetty serves a request).
     */
    public static void register(Environment environment, Supplier<Sources> sources, String getTimer,
            String putTimer) {
        MetricRegistry metrics = environment.metrics();
        SampleHistory history = new SampleHistory(SAMPLES_KEPT);
        RequestSampler sampler = new RequestSampler(metrics.timer(getTimer), metrics.timer(putTimer), history,
                System::currentTimeMillis);
        ScheduledExecutorService timer = environment.lifecycle().scheduledExecutorService("webview-sampler").build();
        // Sampling starts with the node (its thread would outlive a start that failed); the timer stops after it.
        environment.lifecycle().manage(new Managed() {
            @Override
            public void start() {
                timer.scheduleAtFixedRate(sampler, SAMPLE_MILLIS, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
            }
        });

        ObjectMapper json = environment.getObjectMapper();
        Supplier<ClusterStatus> status = () -> {
            Sources node = sources.get();
            ClusterStatus.Liveness liveness = new ClusterStatus.Liveness(node.detector()::seemsUp);
            RingConfig config = node.ring().config();
            return ClusterStatus.of(node.nodeId(), config.epoch(), node.ring().get(), node.replicas(),
                    node.membership()::member, liveness).withChange(ClusterStatus.MembershipChange.of(config));
        };
        Supplier<NodeStats> stats = () -> {
            Sources node = sources.get();
            return new NodeStats(node.nodeId(), node.hints().count(), List.copyOf(node.hints().targets()),
                    node.requestsInFlight().getAsInt(), SAMPLE_MILLIS, history.samples());
        };
        environment.admin().addServlet("cluster-status", new JsonServlet(status, json, false))
                .addMapping("/cluster/status");
        environment.admin().addServlet("cluster-stats", new JsonServlet(stats, json, true))
                .addMapping("/cluster/stats");
        environment.admin().addServlet("webview",
                new AssetServlet("/webview", "/ui", "index.html", StandardCharsets.UTF_8)).addMapping("/ui/*");
    }
}
