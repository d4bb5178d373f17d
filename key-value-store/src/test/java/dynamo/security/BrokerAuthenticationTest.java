package dynamo.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dynamo.activemq.ActiveMqTransport;
import dynamo.activemq.BrokerSecurity;
import dynamo.activemq.EmbeddedBroker;
import dynamo.activemq.TransportTuning;
import dynamo.core.membership.Member;
import dynamo.core.membership.StaticMembership;
import dynamo.core.message.Message;
import dynamo.core.version.Ballot;
import dynamo.core.version.BallotClock;
import dynamo.core.version.ClockEntry;
import dynamo.core.version.VectorClock;
import dynamo.core.version.Version;
import dynamo.core.version.Versioned;
import dynamo.core.version.WriteTag;
import dynamo.node.DynamoConfiguration;
import dynamo.node.NodeAssembly;
import dynamo.node.PeerConfig;
import jakarta.jms.Connection;
import jakarta.jms.JMSSecurityException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real node (BDB, embedded broker, transport) with a cluster secret: raw connections without
 * credentials or with a wrong password are refused, and a replica write sent by a transport with
 * the wrong secret never reaches the store, while the same write from a node with the secret does.
 */
class BrokerAuthenticationTest {
    private static final String SECRET = "s3cret-of-the-cluster";
    private static final Duration SETTLE = Duration.ofSeconds(2);

    @TempDir
    static Path data;
    private static NodeAssembly victim;
    private static StaticMembership members;
    private static String victimBroker;

    @BeforeAll
    static void startNode() throws Exception {
        victimBroker = "tcp://127.0.0.1:" + dynamo.activemq.FreePorts.next();
        members = new StaticMembership(List.of(
                new Member("node1", victimBroker, "http://127.0.0.1:1"),
                new Member("peer", "tcp://127.0.0.1:" + dynamo.activemq.FreePorts.next(), "http://127.0.0.1:2"),
                new Member("intruder", "tcp://127.0.0.1:" + dynamo.activemq.FreePorts.next(), "http://127.0.0.1:3")));
        DynamoConfiguration config = new DynamoConfiguration();
        config.nodeId = "node1";
        config.dataDir = data.toString();
        config.brokerUrl = victimBroker;
        config.peers = members.members().stream().map(BrokerAuthenticationTest::peer).toList();
        config.replication.n = 3; // node1 replicates every key, so it stores every late copy it accepts
        config.replication.r = 1;
        config.replication.w = 1;
        config.security.clusterSecret = SECRET;
        victim = new NodeAssembly(config, dynamo.core.operation.NodeEvents.NONE);
        victim.start();
    }

    @AfterAll
    static void stopNode() {
        if (victim != null) {
            victim.stop();
        }
    }

    @Test
    void aConnectionWithoutCredentialsIsRefused() {
        ActiveMQConnectionFactory anonymous = new ActiveMQConnectionFactory(victimBroker);
        assertThatThrownBy(() -> openAndClose(anonymous)).isInstanceOf(JMSSecurityException.class);
    }

    @Test
    void aConnectionWithTheWrongPasswordIsRefused() {
        ActiveMQConnectionFactory wrong = new ActiveMQConnectionFactory("dynamo-node", "guessed", victimBroker);
        assertThatThrownBy(() -> openAndClose(wrong)).isInstanceOf(JMSSecurityException.class);
    }

    @Test
    void theClusterSecretIsLetIn() throws Exception {
        openAndClose(new ActiveMQConnectionFactory("dynamo-node", SECRET, victimBroker));
    }

    @Test
    void aReplicaWriteFromANodeWithoutTheSecretIsNotApplied() {
        byte[] intruderKey = "intruder-key".getBytes(StandardCharsets.UTF_8);
        byte[] peerKey = "peer-key".getBytes(StandardCharsets.UTF_8);
        try (Sender intruder = new Sender("intruder", "not-the-secret");
             Sender peer = new Sender("peer", SECRET)) {
            intruder.transport.send("node1", write("intruder", intruderKey));
            peer.transport.send("node1", write("peer", peerKey));
            // the peer's write lands: messages get through, so the intruder's had time to as well
            await().atMost(Duration.ofSeconds(10)).until(() -> !victim.storage().get(peerKey).isEmpty());
            intruder.transport.send("node1", write("intruder", intruderKey));
            await().during(SETTLE).atMost(SETTLE.plusSeconds(2))
                    .until(() -> victim.storage().get(intruderKey).isEmpty());
        }
    }

    private static Message.WriteRequest write(String from, byte[] key) {
        Version version = new Version(new VectorClock(List.of(new ClockEntry(from, 1, System.currentTimeMillis()))),
                new WriteTag(1, from, 1));
        return new Message.WriteRequest(1, from, key,
                List.of(new Versioned("planted".getBytes(StandardCharsets.UTF_8), version)), null,
                new BallotClock(from).above(Ballot.ZERO, System.currentTimeMillis())); // a fresh accepted ballot: the acceptor takes it
    }

    private static void openAndClose(ActiveMQConnectionFactory factory) throws Exception {
        Connection connection = factory.createConnection();
        try {
            connection.start(); // the broker answers the connection info: here a refusal surfaces
            connection.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE).close();
        } finally {
            connection.close();
        }
    }

    /** Another node's broker and transport, presenting {@code secret} to node1. */
    private static final class Sender implements AutoCloseable {
        final EmbeddedBroker broker;
        final ActiveMqTransport transport;

        Sender(String id, String secret) {
            BrokerSecurity security = BrokerSecurity.of(Optional.of(secret), Optional.empty());
            broker = EmbeddedBroker.start(id, members.member(id).orElseThrow().brokerUrl(), security);
            transport = new ActiveMqTransport(id, members, TransportTuning.defaults(), security);
            transport.start(message -> { });
        }

        @Override
        public void close() {
            transport.close();
            broker.close();
        }
    }

    private static PeerConfig peer(Member member) {
        PeerConfig peer = new PeerConfig();
        peer.id = member.id();
        peer.brokerUrl = member.brokerUrl();
        peer.httpUrl = member.httpUrl();
        return peer;
    }
}
