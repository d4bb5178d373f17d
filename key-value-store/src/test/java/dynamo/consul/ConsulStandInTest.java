package dynamo.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dynamo.activemq.FreePorts;
import dynamo.core.membership.Member;
import dynamo.harness.RepoDir;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The compose deployment's Consul stand-in (consul/stand-in/server.js, run with the host's node)
 * against the real {@link ConsulMembership}: registration, a member whose /ping stops answering
 * reported failing but kept, and a member an operator deregisters gone, as with a Consul agent.
 */
class ConsulStandInTest {
    private static final Path SERVER = repo().resolve("consul/stand-in/server.js");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Process standIn;
    private String consulUrl;
    private final List<HttpServer> pings = new ArrayList<>();
    private final List<ConsulMembership> nodes = new ArrayList<>();

    private static Path repo() {
        return RepoDir.root();
    }

    @BeforeEach
    void startStandIn() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/node")), "node (Debian's nodejs) is not installed");
        int port = FreePorts.next();
        standIn = new ProcessBuilder("node", SERVER.toString(), "--host", "127.0.0.1", "--port", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        consulUrl = "http://127.0.0.1:" + port;
        await().atMost(Duration.ofSeconds(10)).until(() -> listening(port));
    }

    @AfterEach
    void stop() throws InterruptedException {
        nodes.forEach(ConsulMembership::close);
        pings.forEach(s -> s.stop(0));
        if (standIn != null) {
            standIn.destroy();
            standIn.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A node's admin port reduced to /ping; stopping it makes the node's check fail. */
    private HttpServer ping() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        server.createContext("/ping", e -> {
            e.sendResponseHeaders(200, 4);
            e.getResponseBody().write("pong".getBytes());
            e.close();
        });
        server.start();
        pings.add(server);
        return server;
    }

    private ConsulMembership node(String id, HttpServer admin) {
        DiscoveryConfig config = new DiscoveryConfig();
        config.type = DiscoveryConfig.Type.CONSUL;
        config.consulUrl = consulUrl;
        config.pollMillis = 100;
        config.checkIntervalMillis = 200;
        config.checkTimeoutMillis = 200;
        config.httpUrl = "http://127.0.0.1:" + FreePorts.next();
        config.adminUrl = "http://127.0.0.1:" + admin.getAddress().getPort();
        ConsulMembership node = ConsulMembership.of(config, id, "tcp://127.0.0.1:" + FreePorts.next());
        nodes.add(node);
        node.start();
        return node;
    }

    private static List<String> ids(ConsulMembership node) {
        return node.members().stream().map(Member::id).toList();
    }

    /** The stand-in's answer to a request of the Consul API, as an operator would send it. */
    private String consulApi(String method, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(consulUrl + path)).timeout(Duration.ofSeconds(5))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void aMemberWhoseCheckFailsStaysAMemberAndIsReportedToTheFailureDetector() throws Exception {
        HttpServer admin1 = ping();
        HttpServer admin2 = ping();
        ConsulMembership node1 = node("node1", admin1);
        ConsulMembership node2 = node("node2", admin2);
        List<String> failing = new CopyOnWriteArrayList<>();
        node1.onFailingCheck(failing::add);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(ids(node1)).containsExactly("node1", "node2");
            assertThat(ids(node2)).containsExactly("node1", "node2");
        });
        Member seen = node1.members().get(1);
        assertThat(seen.adminUrl()).isEqualTo("http://127.0.0.1:" + admin2.getAddress().getPort());
        await().atMost(Duration.ofSeconds(10)).until(() -> node1.failingChecks().isEmpty()); // node1 saw both pass

        admin2.stop(0); // node2 dies: its /ping no longer answers
        await().atMost(Duration.ofSeconds(10)).until(() -> failing.contains("node2"));
        assertThat(ids(node1)).as("still a member: its ranges stay where its data is").containsExactly("node1", "node2");
    }

    @Test
    void aNodeThatAnOperatorDeregistersIsGoneAtOnce() throws Exception {
        ConsulMembership node1 = node("node1", ping());
        ConsulMembership node2 = node("node2", ping());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ids(node1)).hasSize(2));
        node2.close();
        nodes.remove(node2);
        assertThat(ids(node1)).as("a node that stops is still a member").hasSize(2);

        consulApi("PUT", "/v1/agent/service/deregister/node2");

        await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertThat(ids(node1)).containsExactly("node1"));
    }
}
