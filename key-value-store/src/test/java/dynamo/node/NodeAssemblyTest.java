package dynamo.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sleepycat.je.dbi.DbEnvPool;
import dynamo.activemq.FreePorts;
import dynamo.core.coordination.NodeEvents;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up of one node's parts (JE and the broker start side by side). */
class NodeAssemblyTest {
    @TempDir
    Path data;

    private DynamoConfiguration config(int brokerPort) {
        DynamoConfiguration config = new DynamoConfiguration();
        config.nodeId = "node1";
        config.dataDir = data.toString();
        config.brokerUrl = "tcp://127.0.0.1:" + brokerPort;
        PeerConfig self = new PeerConfig();
        self.id = "node1";
        self.brokerUrl = config.brokerUrl;
        self.httpUrl = "http://127.0.0.1:1";
        config.peers = List.of(self);
        config.replication.n = 1;
        config.replication.r = 1;
        config.replication.w = 1;
        return config;
    }

    @Test
    void startsAndStopsWithItsStorageAndBroker() {
        try (NodeAssembly node = new NodeAssembly(config(FreePorts.next()), NodeEvents.NONE)) {
            assertThat(node.environment.isValid()).isTrue();
        }
        assertThat(DbEnvPool.getInstance().isOpen(data.toFile())).isFalse();
    }

    @Test
    void aBrokerThatCannotStartFailsTheStartAndReleasesTheStorage() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> new NodeAssembly(config(taken.getLocalPort()), NodeEvents.NONE))
                    .hasMessageContaining("cannot start broker node1");
        }
        assertThat(DbEnvPool.getInstance().isOpen(data.toFile())).as("JE environment left open").isFalse();
    }
}
