package dynamo.activemq;

import static org.assertj.core.api.Assertions.assertThat;

import dynamo.core.membership.Member;
import dynamo.core.membership.StaticMembership;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A node on its own loopback address (the local cluster's node i on 127.0.0.i) dials its peers from
 * that address, so that a peer, and a network fault cutting one node's address, sees which node a
 * connection comes from.
 */
class PeerSourceAddressTest {

    @Test
    void aNodeOnItsOwnLoopbackAddressDialsPeersFromIt() throws Exception {
        try (ServerSocket peer = new ServerSocket()) {
            peer.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.3"), 0));
            peer.setSoTimeout(10_000);
            String own = "tcp://127.0.0.2:" + FreePorts.next();
            StaticMembership membership = new StaticMembership(List.of(new Member("a", own, "http://127.0.0.2:1"),
                    new Member("b", "tcp://127.0.0.3:" + peer.getLocalPort(), "http://127.0.0.3:1")));
            try (EmbeddedBroker broker = EmbeddedBroker.start("a", own);
                    ActiveMqTransport transport = new ActiveMqTransport("a", membership, TransportTuning.defaults())) {
                transport.start(message -> { });
                transport.send("b", SampleMessages.everyType("a").get(0));
                try (Socket accepted = peer.accept()) {
                    assertThat(accepted.getInetAddress().getHostAddress()).isEqualTo("127.0.0.2");
                }
            }
        }
    }

    @Test
    void onlyLoopbackAddressesOtherThan127001AreBound() {
        Duration timeout = Duration.ofMillis(500);
        assertThat(BrokerAddress.client("tcp://127.0.0.3:7", timeout, "tcp://127.0.0.2:5"))
                .startsWith("tcp://127.0.0.3:7/127.0.0.2:0?");
        assertThat(BrokerAddress.client("tcp://127.0.0.3:7", timeout, "tcp://127.0.0.1:5"))
                .isEqualTo(BrokerAddress.client("tcp://127.0.0.3:7", timeout));
        assertThat(BrokerAddress.client("ssl://node3:7", timeout, "ssl://node2:5"))
                .isEqualTo(BrokerAddress.client("ssl://node3:7", timeout));
        assertThat(BrokerAddress.client("tcp://127.0.0.3:7", timeout, null))
                .isEqualTo(BrokerAddress.client("tcp://127.0.0.3:7", timeout));
    }
}
