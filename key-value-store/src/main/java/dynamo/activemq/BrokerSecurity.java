package dynamo.activemq;

import java.util.List;
import java.util.Optional;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.ActiveMQSslConnectionFactory;
import org.apache.activemq.broker.BrokerPlugin;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.broker.SslContext;
import org.apache.activemq.security.AuthenticationUser;
import org.apache.activemq.security.SimpleAuthenticationPlugin;

/**
 * Who may talk to a node's broker: with a cluster secret, the broker accepts only connections that
 * log in as {@link #USER} with that secret (ActiveMQ's simple authentication plugin, anonymous
 * access off), and every connection this node opens, to its own broker or a peer's, presents it.
 * With TLS, {@code ssl://} connectors and links use the cluster's key and trust stores, and the
 * broker also demands a client certificate the trust store vouches for.
 */
public final class BrokerSecurity {
    /** The one broker user every node logs in as; the secret is what proves membership. */
    static final String USER = "dynamo-node";
    private static final String GROUP = "nodes";

    private final Optional<String> secret;
    private final Optional<BrokerTls> tls;

    private BrokerSecurity(Optional<String> secret, Optional<BrokerTls> tls) {
        this.secret = secret;
        this.tls = tls;
    }

    /** Neither authentication nor TLS: any process that reaches the port may connect. */
    public static BrokerSecurity none() {
        return new BrokerSecurity(Optional.empty(), Optional.empty());
    }

    public static BrokerSecurity of(Optional<String> secret, Optional<BrokerTls> tls) {
        secret.ifPresent(s -> {
            if (s.isBlank()) {
                throw new IllegalArgumentException("the cluster secret must not be blank");
            }
        });
        return new BrokerSecurity(secret, tls);
    }

    public boolean authenticates() {
        return secret.isPresent();
    }

    public boolean hasTls() {
        return tls.isPresent();
    }

    /** Installs the authentication plugin and, for ssl:// connectors, the key material. */
    void configure(BrokerService broker) {
        secret.ifPresent(s -> {
            SimpleAuthenticationPlugin authentication = new SimpleAuthenticationPlugin(
                    List.of(new AuthenticationUser(USER, s, GROUP)));
            authentication.setAnonymousAccessAllowed(false);
            broker.setPlugins(new BrokerPlugin[] {authentication});
        });
        tls.ifPresent(t -> broker.setSslContext(new SslContext(t.keyManagers(), t.trustManagers(), null)));
    }

    /** Options the broker's listening URL needs: with TLS, a peer without a trusted certificate is refused. */
    String connectorOptions(String scheme) {
        if ("ssl".equals(scheme)) {
            requireTls();
            return "&transport.needClientAuth=true";
        }
        return "";
    }

    /** A connection factory for {@code url} that presents this node's credentials (and certificate over ssl://). */
    ActiveMQConnectionFactory connectionFactory(String url) {
        ActiveMQConnectionFactory factory;
        if (url.startsWith("ssl:")) {
            BrokerTls t = requireTls();
            ActiveMQSslConnectionFactory ssl = new ActiveMQSslConnectionFactory(url);
            ssl.setKeyAndTrustManagers(t.keyManagers(), t.trustManagers(), null);
            factory = ssl;
        } else {
            factory = new ActiveMQConnectionFactory(url);
        }
        secret.ifPresent(s -> {
            factory.setUserName(USER);
            factory.setPassword(s);
        });
        return factory;
    }

    private BrokerTls requireTls() {
        return tls.orElseThrow(() -> new IllegalStateException(
                "an ssl:// broker URL needs security.brokerTls (key and trust store)"));
    }
}
