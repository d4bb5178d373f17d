package dynamo.node;

import com.fasterxml.jackson.databind.MapperFeature;
import dynamo.http.JsonErrorHandler;
import dynamo.http.JsonErrorMappers;
import dynamo.http.JsonServlet;
import dynamo.http.NodeHeaders;
import dynamo.http.RequestReader;
import dynamo.http.StorageResource;
import dynamo.http.StrictJson;
import dynamo.http.Utf8Bodies;
import dynamo.security.AdminTokenFilter;
import dynamo.security.ApiAuthentication;
import dynamo.webview.WebView;
import io.dropwizard.core.Application;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import io.dropwizard.util.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;

/** A Dynamo node: one JVM, one Dropwizard application. */
public class DynamoApplication extends Application<DynamoConfiguration> {

    public static void main(String[] args) throws Exception {
        new DynamoApplication().run(args);
    }

    @Override
    public String getName() {
        return "dynamo";
    }

    @Override
    public void initialize(Bootstrap<DynamoConfiguration> bootstrap) {
        bootstrap.getObjectMapper().enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS);
    }

    @Override
    public void run(DynamoConfiguration config, Environment environment) {
        NodeMetrics metrics = new NodeMetrics(environment.metrics());
        // The node starts (JE's recovery, the broker) while Jetty and Jersey start; until then its
        // endpoints answer 503 and its health checks fail.
        NodeStartup node = NodeStartup.begin(config, metrics, metrics::watch);
        environment.lifecycle().manage(new Managed() {
            @Override
            public void stop() {
                node.close();
            }
        });
        NodeHealth.register(environment.healthChecks(), node);
        // Our mappers answer every error as {"error": ...}; Dropwizard's defaults use another shape.
        ((AbstractServerFactory) config.getServerFactory()).setRegisterDefaultExceptionMappers(false);
        JsonErrorMappers.registerAll(environment.jersey());
        // After the configuration was read with the same mapper: only request bodies are read strictly.
        StrictJson.apply(environment.getObjectMapper());
        environment.jersey().register(new Utf8Bodies());
        environment.getApplicationContext().setErrorHandler(new JsonErrorHandler(environment.getObjectMapper()));
        environment.lifecycle().addEventListener(JsonErrorHandler.installOnServer(environment.getObjectMapper()));
        // Threads only merge pages that arrived and write them: at most one per scan being written, none idle.
        ExecutorService scanThreads = environment.lifecycle().executorService("global-scan-%d")
                .minThreads(0).maxThreads(Integer.MAX_VALUE).workQueue(new SynchronousQueue<>())
                .keepAliveTime(Duration.seconds(30)).build();
        config.security.apiToken().ifPresent(token -> ApiAuthentication.register(environment.jersey(), token));
        config.security.adminToken().ifPresent(token -> AdminTokenFilter.register(environment.admin(), token));
        environment.jersey().register(new StorageResource(() -> {
            NodeAssembly started = node.get();
            return new StorageResource.Backend(started.node, started.storage,
                    () -> started.node.globalScan(scanThreads), started.scheduler);
        }, new RequestReader(NodeAssembly.quorum(config), config.maxKeyBytes, config.maxValueBytes),
                environment.getObjectMapper(), scanThreads, config.timeouts.requestMillis));
        environment.jersey().register(new NodeHeaders(config.nodeId,
                () -> node.isStarted() ? node.get().ring.epoch() : 0));
        environment.admin().addServlet("ring", new JsonServlet(() -> {
            NodeAssembly started = node.get();
            return RingDescription.of(started.ring.config(), config.replication.n, started.directory::member,
                    started.node.detector()::seemsUp, moveProgress(started));
        }, environment.getObjectMapper(), false)).addMapping("/ring");
        RingAdmin changes = new RingAdmin(RingAdminServlet.changesOf(node::get));
        environment.admin().addServlet("ring-changes", new RingAdminServlet(changes, environment.getObjectMapper()))
                .addMapping("/ring/*");
        WebView.register(environment, () -> {
            NodeAssembly started = node.get();
            return new WebView.Sources(config.nodeId, config.replication.n, started.ring, started.membership,
                    started.node.detector(), started.hints, started.node::requestsInFlight);
        }, NodeMetrics.GETS, NodeMetrics.PUTS);
        environment.admin().addTask(new LogMarkTask());
    }

    private static RingDescription.MoveProgress moveProgress(NodeAssembly node) {
        long[] streamed = node.node.streamed();
        return new RingDescription.MoveProgress(node.node.movePhase(), streamed[0], streamed[1]);
    }
}
