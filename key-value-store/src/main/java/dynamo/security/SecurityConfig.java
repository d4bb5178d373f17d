package dynamo.security;

import dynamo.activemq.BrokerSecurity;
import dynamo.activemq.BrokerTls;
import jakarta.validation.Valid;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code security:} section of a node's configuration (see README, "Security"). Each secret is
 * given inline ({@code clusterSecret}) or as a file ({@code clusterSecretFile}); everything is off
 * when absent.
 */
public class SecurityConfig {
    /** Node-to-node: the password every node's broker demands and every node presents. */
    public String clusterSecret;
    public String clusterSecretFile;
    /** Node-to-node TLS, used by ssl:// broker URLs. */
    @Valid
    public BrokerTlsConfig brokerTls;
    /** Bearer token of the client API (the application connectors). */
    public String apiToken;
    public String apiTokenFile;
    /** Bearer token of the admin port; {@code /ping} stays open for load balancers' checks. */
    public String adminToken;
    public String adminTokenFile;

    /** Key and trust store of node-to-node TLS. */
    public static class BrokerTlsConfig {
        @jakarta.validation.constraints.NotEmpty
        public String keyStore;
        @jakarta.validation.constraints.NotNull
        public String keyStorePassword;
        @jakarta.validation.constraints.NotEmpty
        public String trustStore;
        @jakarta.validation.constraints.NotNull
        public String trustStorePassword;
    }

    public BrokerSecurity brokerSecurity() {
        Optional<BrokerTls> tls = Optional.ofNullable(brokerTls).map(t -> BrokerTls.load(
                Path.of(t.keyStore), t.keyStorePassword, Path.of(t.trustStore), t.trustStorePassword));
        return BrokerSecurity.of(SecretSetting.resolve("clusterSecret", clusterSecret, clusterSecretFile), tls);
    }

    public Optional<String> apiToken() {
        return SecretSetting.resolve("apiToken", apiToken, apiTokenFile);
    }

    public Optional<String> adminToken() {
        return SecretSetting.resolve("adminToken", adminToken, adminTokenFile);
    }
}
