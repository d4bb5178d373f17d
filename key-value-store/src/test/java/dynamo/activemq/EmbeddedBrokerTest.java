package dynamo.activemq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import org.junit.jupiter.api.Test;

class EmbeddedBrokerTest {

    @Test
    void listensWhereTheUrlSaysUntilClosed() throws IOException {
        String url = FreePorts.brokerUrl();
        int port = URI.create(url).getPort();
        EmbeddedBroker broker = EmbeddedBroker.start("node-a", url);
        try {
            assertThat(broker.isStarted()).isTrue();
            assertThat(broker.name()).isEqualTo("node-a");
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                assertThat(socket.isConnected()).isTrue();
            }
        } finally {
            broker.close();
        }
        assertThat(broker.isStarted()).isFalse();
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(again.getLocalPort()).isEqualTo(port); // the port was released
        }
    }

    @Test
    void closeTwiceIsHarmless() {
        EmbeddedBroker broker = EmbeddedBroker.start("node-b", FreePorts.brokerUrl());
        broker.close();
        broker.close();
        assertThat(broker.isStarted()).isFalse();
    }

    @Test
    void aTakenPortFailsTheStart() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> EmbeddedBroker.start("node-c", "tcp://127.0.0.1:" + taken.getLocalPort()))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void nodeIdsWithOddCharactersGetAUsableBrokerAndQueue() {
        String id = "node 7,x*";
        try (EmbeddedBroker broker = EmbeddedBroker.start(id, FreePorts.brokerUrl())) {
            assertThat(broker.name()).isEqualTo("node_7_x_");
            assertThat(BrokerAddress.vm(id)).isEqualTo("vm://node_7_x_?create=false");
            assertThat(BrokerAddress.inboxOf(id)).isEqualTo("dynamo.node_7_x_");
        }
    }

    @Test
    void rejectsAUrlWithoutHostAndPort() {
        assertThatThrownBy(() -> EmbeddedBroker.start("node-d", "vm://node-d"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
