package dynamo.node;

import dynamo.core.operation.Quorum;
import dynamo.core.ring.RingLayout;
import dynamo.core.version.ConflictMode;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** N, R, W, the ring's layout and how concurrent versions are handled. */
public class ReplicationConfig {
    @Min(1)
    public int n = 3;
    @Min(1)
    public int r = 2;
    @Min(1)
    public int w = 2;
    /** partitions: Dynamo's strategy 3 (equal partitions); tokens: virtualNodes md5 tokens per node. */
    @NotNull
    @Pattern(regexp = "partitions|tokens", message = "must be partitions or tokens")
    public String layout = "partitions";
    /** Fixed for the cluster's life; 256 keeps each node within 10 % of the mean up to 35 nodes (bin/ring-balance). */
    @Min(1)
    @Max(4096)
    public int partitions = 256;
    /** Tokens per node of the tokens layout (1: the Simple Dynamo ring). */
    @Min(1)
    public int virtualNodes = 1;
    @NotNull
    public ConflictMode conflicts = ConflictMode.LINEARIZABLE;

    /** The default quorum sizes of every request. */
    public Quorum quorum() {
        return new Quorum(n, r, w);
    }

    public RingLayout ringLayout() {
        return layout.equals("tokens") ? new RingLayout.Tokens(virtualNodes) : new RingLayout.Partitions(partitions, n);
    }
}
