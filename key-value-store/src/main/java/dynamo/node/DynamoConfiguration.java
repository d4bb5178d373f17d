package dynamo.node;

import dynamo.bdb.Durability;
import dynamo.consul.DiscoveryConfig;
import dynamo.security.SecurityConfig;
import io.dropwizard.core.Configuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.List;

/** A node's YAML configuration (see README, "Configuration"). */
public class DynamoConfiguration extends Configuration {
    /** Stable id: fixes the node's ring positions, so it must not change across restarts. */
    @NotEmpty
    public String nodeId;
    /** Where the Berkeley DB JE environment lives. */
    @NotEmpty
    public String dataDir;
    /** Where this node's embedded ActiveMQ broker listens, e.g. tcp://127.0.0.1:18201. */
    @NotEmpty
    public String brokerUrl;
    /** Static membership: every node, this one included. */
    @Valid
    @NotNull
    public List<PeerConfig> peers = new ArrayList<>();
    /**
     * This node joins a running cluster: it is not in the first ring it starts with (that of its peers
     * without it) and becomes a member by a join ({@code POST /ring/join} on its admin port).
     */
    public boolean join;
    /** Where the peers come from: the static list above (default) or Consul. */
    @Valid
    @NotNull
    public DiscoveryConfig discovery = new DiscoveryConfig();
    @Valid
    @NotNull
    public ReplicationConfig replication = new ReplicationConfig();
    @Valid
    @NotNull
    public TimeoutsConfig timeouts = new TimeoutsConfig();
    /** Largest accepted key, in bytes (decoded); longer keys get 400 (a B-tree key stays small). */
    @Min(1)
    public int maxKeyBytes = 1024;
    /** Largest accepted value, in bytes (decoded); larger puts get 413. */
    @Min(1)
    public long maxValueBytes = 4L * 1024 * 1024;
    /** When a replica's write is durable enough to acknowledge: os (default) or sync (fsync). */
    @NotNull
    public Durability durability = Durability.OS;
    /** Broker credentials and TLS, API and admin tokens; all off when absent. */
    @Valid
    @NotNull
    public SecurityConfig security = new SecurityConfig();
    /** Berkeley DB JE cache size in bytes. */
    @Min(1 << 20)
    public long storageCacheBytes = 64L * 1024 * 1024;

}
