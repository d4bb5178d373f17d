package dynamo.activemq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dynamo.core.membership.Member;
import dynamo.core.membership.StaticMembership;
import dynamo.core.message.Message;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Node-to-node TLS: two brokers on ssl:// with the cluster's key store exchange messages; a client
 * whose certificate the cluster does not trust is refused even with the right secret, and so is a
 * plain tcp client.
 */
class BrokerTlsTest {
    private static final String SECRET = "tls-cluster-secret";

    @TempDir
    static Path dir;
    private static BrokerSecurity cluster;
    private static BrokerSecurity stranger;
    private static StaticMembership members;
    private static EmbeddedBroker brokerA;
    private static EmbeddedBroker brokerB;
    private static ActiveMqTransport a;
    private static ActiveMqTransport b;
    private static final BlockingQueue<Message> receivedByB = new LinkedBlockingQueue<>();

    @BeforeAll
    static void startTwoNodes() throws Exception {
        TestCertificates.selfSigned(dir.resolve("cluster.p12"), dir.resolve("trust.p12"), "cluster");
        TestCertificates.keyPair(dir.resolve("stranger.p12"), "stranger");
        String pw = TestCertificates.PASSWORD;
        cluster = BrokerSecurity.of(Optional.of(SECRET),
                Optional.of(BrokerTls.load(dir.resolve("cluster.p12"), pw, dir.resolve("trust.p12"), pw)));
        // the stranger trusts the cluster's certificate and knows the secret, but has a key of its own
        stranger = BrokerSecurity.of(Optional.of(SECRET),
                Optional.of(BrokerTls.load(dir.resolve("stranger.p12"), pw, dir.resolve("trust.p12"), pw)));
        members = new StaticMembership(List.of(
                // each on its own address, as in the local cluster: a dials b from 127.0.0.2 over ssl:// too
                new Member("a", "ssl://127.0.0.2:" + FreePorts.next(), "http://127.0.0.2:1"),
                new Member("b", "ssl://127.0.0.3:" + FreePorts.next(), "http://127.0.0.3:2")));
        brokerA = EmbeddedBroker.start("a", url("a"), cluster);
        brokerB = EmbeddedBroker.start("b", url("b"), cluster);
        a = new ActiveMqTransport("a", members, TransportTuning.defaults(), cluster);
        b = new ActiveMqTransport("b", members, TransportTuning.defaults(), cluster);
        a.start(message -> { });
        b.start(receivedByB::add);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {a, b, brokerA, brokerB}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    @Test
    void nodesWithTheClustersCertificateExchangeMessagesOverSsl() throws InterruptedException {
        a.send("b", new Message.Ping(77, "a"));
        Message got = receivedByB.poll(10, TimeUnit.SECONDS);
        assertThat(got).isEqualTo(new Message.Ping(77, "a"));
    }

    @Test
    void aClientWithAnUntrustedCertificateIsRefused() {
        ActiveMQConnectionFactory factory = stranger.connectionFactory(BrokerAddress.client(url("b"),
                java.time.Duration.ofMillis(500)));
        assertThatThrownBy(() -> openAndClose(factory)).isInstanceOf(JMSException.class);
    }

    @Test
    void aPlainTcpClientIsRefused() {
        String plain = url("b").replace("ssl://", "tcp://");
        ActiveMQConnectionFactory factory = BrokerSecurity.of(Optional.of(SECRET), Optional.empty())
                .connectionFactory(BrokerAddress.client(plain, java.time.Duration.ofMillis(500)));
        assertThatThrownBy(() -> openAndClose(factory)).isInstanceOf(JMSException.class);
    }

    @Test
    void theClustersOwnCredentialsAreLetIn() throws Exception {
        openAndClose(cluster.connectionFactory(BrokerAddress.client(url("b"), java.time.Duration.ofMillis(500))));
    }

    private static String url(String id) {
        return members.member(id).orElseThrow().brokerUrl();
    }

    private static void openAndClose(ActiveMQConnectionFactory factory) throws Exception {
        factory.setConnectResponseTimeout(2000);
        Connection connection = factory.createConnection();
        try {
            connection.start();
        } finally {
            connection.close();
        }
    }
}
