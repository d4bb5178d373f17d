package dynamo.node;

import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.logging.common.DefaultLoggingFactory;
import io.dropwizard.request.logging.LogbackAccessRequestLogFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Configurations for in-JVM application tests ({@code DropwizardAppExtension}): node1 with N = R = W = 1
 * on random loopback ports, a fresh data directory and quiet logs; optionally peers that never run.
 */
public final class TestNodeConfig {
    private TestNodeConfig() {
    }

    /** node1, replicating alone; {@code absentPeers} are in its ring but nobody runs them. */
    public static DynamoConfiguration node1(String... absentPeers) {
        DynamoConfiguration config = new DynamoConfiguration();
        config.nodeId = "node1";
        try {
            config.dataDir = Files.createTempDirectory("dynamo-app-test").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        config.brokerUrl = "tcp://127.0.0.1:" + freePort();
        List<PeerConfig> peers = new ArrayList<>();
        peers.add(peer("node1", config.brokerUrl));
        for (String absent : absentPeers) {
            peers.add(peer(absent, "tcp://127.0.0.1:" + freePort()));
        }
        config.peers = peers;
        config.replication.n = 1;
        config.replication.r = 1;
        config.replication.w = 1;
        DefaultServerFactory server = (DefaultServerFactory) config.getServerFactory();
        for (var connectors : List.of(server.getApplicationConnectors(), server.getAdminConnectors())) {
            HttpConnectorFactory http = (HttpConnectorFactory) connectors.get(0);
            http.setBindHost("127.0.0.1");
            http.setPort(0);
        }
        LogbackAccessRequestLogFactory requestLog = new LogbackAccessRequestLogFactory();
        requestLog.setAppenders(List.of());
        server.setRequestLogFactory(requestLog);
        ((DefaultLoggingFactory) config.getLoggingFactory()).setLevel("WARN");
        return config;
    }

    private static PeerConfig peer(String id, String brokerUrl) {
        PeerConfig peer = new PeerConfig();
        peer.id = id;
        peer.brokerUrl = brokerUrl;
        peer.httpUrl = "http://127.0.0.1:0";
        return peer;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
