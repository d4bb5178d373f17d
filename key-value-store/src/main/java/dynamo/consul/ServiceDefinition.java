package dynamo.consul;

import dynamo.core.membership.Member;
import java.net.URI;
import org.kiwiproject.consul.model.agent.ImmutableRegCheck;
import org.kiwiproject.consul.model.agent.ImmutableRegistration;
import org.kiwiproject.consul.model.agent.Registration;

/**
 * What a node tells Consul about itself: service id = node id (unique, stable), the address and
 * port of its client API, the member fields as service meta, and an HTTP check on the admin ping.
 * The check has no {@code DeregisterCriticalServiceAfter}: a node down for long is still a member.
 */
final class ServiceDefinition {
    static final String META_NODE_ID = "nodeId";
    static final String META_BROKER_URL = "brokerUrl";
    static final String META_HTTP_URL = "httpUrl";
    static final String META_ADMIN_URL = "adminUrl";
    /** Lets a consul-template render an HAProxy health check without parsing URLs. */
    static final String META_ADMIN_PORT = "adminPort";

    private ServiceDefinition() {
    }

    static Registration of(DiscoveryConfig config, Member self) {
        URI http = URI.create(self.httpUrl());
        URI admin = URI.create(config.adminUrl);
        return ImmutableRegistration.builder()
                .id(self.id())
                .name(config.serviceName)
                .address(http.getHost())
                .port(http.getPort())
                .putMeta(META_NODE_ID, self.id())
                .putMeta(META_BROKER_URL, self.brokerUrl())
                .putMeta(META_HTTP_URL, self.httpUrl())
                .putMeta(META_ADMIN_URL, config.adminUrl)
                .putMeta(META_ADMIN_PORT, Integer.toString(admin.getPort()))
                .check(ImmutableRegCheck.builder()
                        .http(stripSlash(config.adminUrl) + "/ping")
                        .interval(config.checkIntervalMillis + "ms")
                        .timeout(config.checkTimeoutMillis + "ms")
                        .build())
                .build();
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
