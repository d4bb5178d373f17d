package dynamo.multiprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dynamo.client.DynamoClient;
import dynamo.client.GetResult;
import dynamo.client.InvalidRequestException;
import dynamo.client.WriteResult;
import dynamo.harness.LocalCluster;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.ActiveMQSslConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A local cluster with everything on ({@code bin/cluster up 3 --auth --tls --https}): the Java
 * client with the token and the cluster's trust store reads and writes through every node, a
 * client without the token gets 401, HAProxy passes the token on to the HTTPS nodes, bin/dynamo
 * picks up token and trust store, and the brokers refuse a connection without the secret.
 */
class SecureClusterIT {
    private static final Duration WARM_UP = Duration.ofSeconds(90);
    /** Stopped, its logs kept, after the @AfterAll methods (JUnit's @AutoClose). */
    @AutoClose
    private static LocalCluster cluster;
    private static Path security;
    private static String password;
    private static SSLContext trust;
    private static DynamoClient client;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LocalCluster.start(SecureClusterIT.class.getSimpleName(), 3, List.of("--auth", "--tls", "--https"));
        security = cluster.runDir().resolve("security");
        password = Files.readString(security.resolve("store.password")).strip();
        trust = SSLContext.getInstance("TLS");
        trust.init(null, trustStore().getTrustManagers(), null);
        client = DynamoClient.builder().seeds(url(1), url(2), url(3)).adminSeeds(adminUrl(1))
                .token(secret("api.token")).adminToken(secret("admin.token")).sslContext(trust)
                .requestTimeout(Duration.ofSeconds(5)).build();
        warmUp();
    }

    @AfterAll
    static void stopCluster() {
        if (client != null) {
            client.close();
        }
    }

    /** Cold JVMs can miss the first deadlines: every node serves a put before the tests start. */
    private static void warmUp() throws Exception {
        long deadline = System.nanoTime() + WARM_UP.toNanos();
        for (int node = 1; node <= 3; node++) {
            try (DynamoClient pinned = client.pinnedTo(url(node))) {
                while (true) {
                    try {
                        if (pinned.put("warm-" + node, "up").written()) {
                            break;
                        }
                    } catch (RuntimeException e) {
                        if (System.nanoTime() > deadline) {
                            throw e;
                        }
                    }
                    Thread.sleep(500);
                }
            }
        }
    }

    @Test
    void theClientWithTokenAndTrustStoreReadsAndWritesThroughEveryNode() throws Exception {
        for (int node = 1; node <= 3; node++) {
            try (DynamoClient pinned = client.pinnedTo(url(node))) {
                WriteResult put = pinned.put("secure-" + node, "value-" + node);
                assertThat(put.written()).isTrue();
                GetResult got = client.get("secure-" + node);
                assertThat(got.found()).isTrue();
                assertThat(got.text()).isEqualTo("value-" + node);
                assertThat(pinned.putIfVersion("secure-" + node, "v2", got.version()).written()).isTrue();
            }
        }
    }

    @Test
    void aClientWithoutTheTokenGets401() throws Exception {
        try (DynamoClient anonymous = DynamoClient.builder().seeds(url(1)).sslContext(trust).build()) {
            assertThatThrownBy(() -> anonymous.put("intruder", "x")).isInstanceOf(InvalidRequestException.class)
                    .satisfies(e -> assertThat(((InvalidRequestException) e).status()).isEqualTo(401));
        }
        HttpResponse<String> raw = HttpClient.newBuilder().sslContext(trust).build().send(
                HttpRequest.newBuilder(URI.create(adminUrl(2) + "/healthcheck")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(raw.statusCode()).isEqualTo(401);
        assertThat(raw.body()).contains("\"error\"");
        assertThat(client.get("intruder").found()).isFalse();
    }

    @Test
    void haproxyPassesTheTokenToTheHttpsNodes() throws Exception {
        if (!cluster.hasProxy()) {
            return; // HAProxy not installed here
        }
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest.Builder get = HttpRequest.newBuilder(cluster.proxyUrl().resolve("/storage/a2V5"));
        assertThat(http.send(get.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        int withToken = http.send(get.header("Authorization", "Bearer " + secret("api.token")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
        assertThat(withToken).isIn(200, 404);
    }

    @Test
    void binDynamoUsesTheClustersTokenAndTrustStore() throws Exception {
        LocalCluster.ScriptResult put = cluster.script("dynamo", Map.of(), "put", "cli-key", "cli-value");
        assertThat(put.exitCode()).as(put.err()).isZero();
        LocalCluster.ScriptResult get = cluster.script("dynamo", Map.of(), "get", "cli-key");
        assertThat(get.out().trim()).isEqualTo("cli-value");
        LocalCluster.ScriptResult wrong = cluster.script("dynamo", Map.of("DYNAMO_TOKEN", "wrong"), "get", "cli-key");
        assertThat(wrong.exitCode()).as(wrong.err()).isEqualTo(3);
    }

    @Test
    void theBrokersRefuseAConnectionWithoutTheSecret() throws Exception {
        String broker = "ssl://" + LocalCluster.host(1) + ":" + cluster.brokerPort(1);
        ActiveMQSslConnectionFactory withCertificate = new ActiveMQSslConnectionFactory(broker);
        withCertificate.setKeyAndTrustManagers(keyStore().getKeyManagers(), trustStore().getTrustManagers(), null);
        assertThatThrownBy(() -> openAndClose(withCertificate)).isInstanceOf(JMSSecurityException.class);
        withCertificate.setUserName("dynamo-node");
        withCertificate.setPassword("guessed");
        assertThatThrownBy(() -> openAndClose(withCertificate)).isInstanceOf(JMSSecurityException.class);
        ActiveMQConnectionFactory plain = new ActiveMQConnectionFactory("dynamo-node", secret("cluster.secret"),
                "tcp://" + LocalCluster.host(1) + ":" + cluster.brokerPort(1) + "?connectionTimeout=2000");
        plain.setConnectResponseTimeout(3000);
        assertThatThrownBy(() -> openAndClose(plain)).isInstanceOf(JMSException.class);
    }

    private static void openAndClose(ActiveMQConnectionFactory factory) throws JMSException {
        Connection connection = factory.createConnection();
        try {
            connection.start();
        } finally {
            connection.close();
        }
    }

    private static String url(int node) {
        return "https://" + LocalCluster.host(node) + ":" + cluster.nodeUrl(node).getPort();
    }

    private static String adminUrl(int node) {
        return "https://" + LocalCluster.host(node) + ":" + cluster.adminUrl(node).getPort();
    }

    private static String secret(String file) throws Exception {
        return Files.readString(security.resolve(file)).strip();
    }

    private static TrustManagerFactory trustStore() throws Exception {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(load("trust.p12"));
        return factory;
    }

    private static KeyManagerFactory keyStore() throws Exception {
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(load("cluster.p12"), password.toCharArray());
        return factory;
    }

    private static KeyStore load(String file) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(security.resolve(file))) {
            store.load(in, password.toCharArray());
        }
        return store;
    }
}
