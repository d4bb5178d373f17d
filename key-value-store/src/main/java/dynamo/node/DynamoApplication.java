package dynamo.node;

import com.fasterxml.jackson.databind.MapperFeature;
import dynamo.core.membership.RingDirectory;
import dynamo.core.operation.Deadlines;
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
        // Built here without I/O; started before Jetty serves a request, stopped after it has stopped serving.
        NodeAssembly node = new NodeAssembly(config, metrics);
        environment.lifecycle().manage(node);
        metrics.watch(node);
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
        // The node's parts made from its stored data exist once it has started: the endpoints ask for them.
        environment.jersey().register(new StorageResource(node::node,
                new RequestReader(config.replication.quorum(), config.maxKeyBytes, config.maxValueBytes),
                node::storage, () -> node.node().globalScan(scanThreads), environment.getObjectMapper(),
                scanThreads, node.scheduler(), new Deadlines(config.timeouts.core())));
        environment.jersey().register(new NodeHeaders(config.nodeId, () -> node.ring().epoch()));
        RingDirectory directory = node.directory();
        environment.admin().addServlet("ring", new JsonServlet(() -> RingDescription.of(node.ring().config(),
                config.replication.n, directory::member, node.node().detector()::seemsUp, moveProgress(node)),
                environment.getObjectMapper(), false)).addMapping("/ring");
        environment.admin().addServlet("peers", new JsonServlet(() -> PeersHeard.of(config.nodeId,
                node.ring().get().nodes(), node.node().detector()::heardLately), environment.getObjectMapper(), false))
                .addMapping("/peers");
        RingAdmin changes = new RingAdmin(RingAdminServlet.changesOf(node, directory));
        environment.admin().addServlet("ring-changes", new RingAdminServlet(changes, environment.getObjectMapper()))
                .addMapping("/ring/*");
        WebView.register(environment, () -> new WebView.Sources(config.nodeId, config.replication.n, node.ring(),
                node.membership(), node.node().detector(), node.hints(), node.node()::requestsInFlight),
                NodeMetrics.GETS, NodeMetrics.PUTS);
        environment.admin().addTask(new LogMarkTask());
    }

    /**
     * A start that failed (ours, or Jetty's: a port in use) ends here, after Dropwizard logged it with its
     * stack trace, stopped what had started and stopped logging: the reason, one line, is the last thing
     * on stderr, and the JVM exits with 1 whatever threads still run.
     */
    @Override
    protected void onFatalError(Throwable t) {
        String reason = t instanceof StartOrder.StartFailure ? t.getMessage() : "dynamo cannot start: " + t;
        System.err.println(reason);
        System.exit(1);
    }

    private static RingDescription.MoveProgress moveProgress(NodeAssembly node) {
        long[] streamed = node.node().streamed();
        return new RingDescription.MoveProgress(node.node().movePhase(), streamed[0], streamed[1]);
    }
}
