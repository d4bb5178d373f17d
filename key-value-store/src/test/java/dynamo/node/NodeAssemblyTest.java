package dynamo.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sleepycat.je.dbi.DbEnvPool;
import dynamo.core.operation.NodeEvents;
import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Start-up of one node's parts (JE and the broker start side by side) and their stop. */
class NodeAssemblyTest {

    @Test
    void constructingOpensNothingStartOpensStopCloses() throws Exception {
        DynamoConfiguration config = TestNodeConfig.node1();
        NodeAssembly node = new NodeAssembly(config, NodeEvents.NONE);
        assertThat(Path.of(config.dataDir, "je.lck")).as("JE environment opened before start").doesNotExist();
        assertThat(node.isStarted()).isFalse();
        assertThatThrownBy(node::ring).hasMessage("node1 has not started");
        try {
            node.start();
            assertThat(node.isStarted()).isTrue();
            assertThat(node.environment().isValid()).isTrue();
            assertThat(node.broker().isStarted()).isTrue();
            assertThat(node.ring().config().members()).containsExactly("node1");
        } finally {
            node.stop();
        }
        assertThat(node.isStarted()).isFalse();
        assertThat(node.broker().isStarted()).isFalse();
        assertThat(DbEnvPool.getInstance().isOpen(new File(config.dataDir))).isFalse();
        node.stop(); // a second stop stops nothing more
    }

    @Test
    void aBrokerThatCannotStartFailsTheStartAndReleasesTheStorage() throws Exception {
        DynamoConfiguration config = TestNodeConfig.node1();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            config.brokerUrl = "tcp://127.0.0.1:" + taken.getLocalPort();
            config.peers.get(0).brokerUrl = config.brokerUrl;
            NodeAssembly node = new NodeAssembly(config, NodeEvents.NONE);
            assertThatThrownBy(node::start).isInstanceOf(StartOrder.StartFailure.class)
                    .hasMessage("node1 cannot start: broker port 127.0.0.1:" + taken.getLocalPort() + " is already in use");
            assertThat(node.isStarted()).isFalse();
            node.stop(); // what Dropwizard does after a failed start: nothing left to stop
        }
        assertThat(DbEnvPool.getInstance().isOpen(new File(config.dataDir))).as("JE environment left open").isFalse();
    }
}
