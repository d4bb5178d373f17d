package dynamo.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sleepycat.je.dbi.DbEnvPool;
import dynamo.core.operation.NodeEvents;
import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** Start-up of one node's parts (JE and the broker start side by side). */
class NodeAssemblyTest {

    @Test
    void startsAndStopsWithItsStorageAndBroker() {
        DynamoConfiguration config = TestNodeConfig.node1();
        try (NodeAssembly node = new NodeAssembly(config, NodeEvents.NONE)) {
            assertThat(node.environment.isValid()).isTrue();
        }
        assertThat(DbEnvPool.getInstance().isOpen(new File(config.dataDir))).isFalse();
    }

    @Test
    void aBrokerThatCannotStartFailsTheStartAndReleasesTheStorage() throws Exception {
        DynamoConfiguration config = TestNodeConfig.node1();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            config.brokerUrl = "tcp://127.0.0.1:" + taken.getLocalPort();
            config.peers.get(0).brokerUrl = config.brokerUrl;
            assertThatThrownBy(() -> new NodeAssembly(config, NodeEvents.NONE))
                    .hasMessageContaining("cannot start broker node1");
        }
        assertThat(DbEnvPool.getInstance().isOpen(new File(config.dataDir))).as("JE environment left open").isFalse();
    }
}
