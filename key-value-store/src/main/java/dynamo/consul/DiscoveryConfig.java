package dynamo.consul;

import com.fasterxml.jackson.annotation.JsonIgnore;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

/**
 * How a node finds its peers: from the static {@code peers} list (the default) or from Consul.
 * With Consul the node also says where others reach it ({@link #httpUrl}, {@link #adminUrl}): the
 * addresses it binds to (often 0.0.0.0 in a container) are not addresses others can use.
 */
public class DiscoveryConfig {
    public enum Type { STATIC, CONSUL }

    @NotNull
    public Type type = Type.STATIC;
    /** The Consul agent's HTTP API; best the agent on the node's own machine. */
    @NotEmpty
    public String consulUrl = "http://127.0.0.1:8500";
    /** Consul service name every node of this cluster registers under. */
    @NotEmpty
    public String serviceName = "dynamo";
    /** This node's client API as others reach it, e.g. http://10.0.0.5:8080. */
    public String httpUrl;
    /** This node's admin port as Consul reaches it, e.g. http://10.0.0.5:8081; checked at /ping. */
    public String adminUrl;
    /** How often the registered instances and their checks are read. */
    @Min(10)
    public long pollMillis = 1000;
    /** Upper bound of the retry delay while Consul does not answer. */
    @Min(10)
    public long maxBackoffMillis = 10_000;
    @Min(100)
    public long checkIntervalMillis = 2000;
    @Min(100)
    public long checkTimeoutMillis = 1000;

    @JsonIgnore
    @AssertTrue(message = "discovery type consul needs httpUrl and adminUrl")
    public boolean isAdvertisedWhenConsul() {
        return type != Type.CONSUL || (present(httpUrl) && present(adminUrl));
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }
}
