package dynamo.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dynamo.faults.DelayingRelayTest.EchoServer;
import dynamo.faults.NetworkFaults.Endpoint;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The slow link over real iptables NAT rules, between three stand-in "brokers" (echo servers) on
 * addresses nothing uses (127.0.0.201-203), each dialing the others from its own address as the
 * nodes do: installing closes the direct connections and redirects the new ones through the relays,
 * only the slow node's links are held back, a heal switches that off on the live connection, and
 * closing removes exactly our rules and lets new connections go direct again. Needs iptables and
 * root (skipped otherwise).
 */
class SlowLinkTest {
    private static final long MS = 1_000_000;
    private final String tag = "dynamo-slow-link-test-" + System.nanoTime();
    private final Map<Integer, EchoServer> brokers = new TreeMap<>();
    private final Map<Integer, Endpoint> nodes = new TreeMap<>();

    @BeforeEach
    void needsIptables() {
        assumeTrue(SlowLink.available(), "iptables' nat table or ss is not usable here (not installed, or not root)");
        for (int i = 1; i <= 3; i++) {
            EchoServer broker = new EchoServer(host(i));
            brokers.put(i, broker);
            nodes.put(i, new Endpoint(host(i), broker.port()));
        }
    }

    @AfterEach
    void stopBrokers() throws IOException {
        for (EchoServer broker : brokers.values()) {
            broker.close();
        }
    }

    @Test
    void theRelaysCarryEveryNodeToNodeConnectionAndOnlyTheSlowNodesAreHeldBack() throws Exception {
        try (SlowLink link = new SlowLink(nodes, tag, Duration.ofMillis(40), Duration.ofMillis(10));
                Socket before = dial(1, 2)) {
            DelayingRelayTest.roundTrip(before);
            link.install();
            assertThat(link.rules()).hasSize(6).allSatisfy(rule -> assertThat(rule).contains("-j REDIRECT"));
            assertThat(ended(before)).as("a connection opened before the rules is closed").isTrue();

            try (Socket oneToTwo = dial(1, 2); Socket twoToThree = dial(2, 3); Socket threeToOne = dial(3, 1)) {
                InetAddress relay = InetAddress.getByName(SlowLink.RELAY_SOURCE);
                // the relay dials the broker once it accepted us: a round trip waits for that dial
                DelayingRelayTest.roundTrip(oneToTwo);
                assertThat(brokers.get(2).peers).as("who dialed broker 2").endsWith(relay);
                assertThat(link.relayed().get(2)).contains(InetAddress.getByName(host(1)));

                link.slow(1);
                assertThat(DelayingRelayTest.minRoundTrip(oneToTwo, 3)).as("from the slow node")
                        .isGreaterThanOrEqualTo(2 * 30 * MS);
                assertThat(DelayingRelayTest.minRoundTrip(threeToOne, 3)).as("to the slow node")
                        .isGreaterThanOrEqualTo(2 * 30 * MS);
                String before2to3 = link.stats();
                long held = link.heldBack();
                DelayingRelayTest.roundTrip(twoToThree);
                assertThat(link.heldBack()).as("between healthy nodes (%s)", before2to3).isEqualTo(held);

                link.heal();
                DelayingRelayTest.roundTrip(oneToTwo);
                assertThat(link.heldBack()).as("after the heal, on the same connection").isEqualTo(held);
            }
        }
        try (SlowLink none = new SlowLink(nodes, tag, Duration.ofMillis(40), Duration.ofMillis(10))) {
            assertThat(none.rules()).as("rules left after closing").isEmpty();
        }
        try (Socket after = dial(1, 2)) {
            DelayingRelayTest.roundTrip(after);
            assertThat(brokers.get(2).peers).as("who dialed broker 2").endsWith(InetAddress.getByName(host(1)));
        }
    }

    @Test
    void closingEndsTheRelayedConnectionsAndRemovesOnlyOurRules() throws Exception {
        try (SlowLink similar = new SlowLink(nodes, tag + "0", Duration.ofMillis(1), Duration.ZERO)) {
            similar.install(); // another run's rules, then ours before them in the chain
            SlowLink link = new SlowLink(nodes, tag, Duration.ofMillis(1), Duration.ZERO);
            link.install();
            try (Socket relayed = dial(3, 2)) {
                DelayingRelayTest.roundTrip(relayed);
                assertThat(link.relayed().get(2)).as("through our relay").hasSize(1);
                link.close();
                assertThat(ended(relayed)).as("a relayed connection is closed with the relay").isTrue();
            }
            assertThat(link.rules()).isEmpty();
            assertThat(similar.rules()).as("another run's rules").hasSize(6);
        }
    }

    private static String host(int node) {
        return "127.0.0.20" + node;
    }

    /** Node {@code from}'s connection to node {@code to}'s broker, from node {@code from}'s address. */
    private Socket dial(int from, int to) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(host(from), 0));
        socket.connect(new InetSocketAddress(host(to), nodes.get(to).brokerPort()), 2_000);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(5_000);
        return socket;
    }

    /** Whether the connection ends (end of stream or reset) within the socket's timeout. */
    private static boolean ended(Socket socket) {
        try {
            socket.getOutputStream().write(1);
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
