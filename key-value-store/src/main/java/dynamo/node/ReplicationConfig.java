package dynamo.node;

import dynamo.core.version.ConflictMode;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** N, R, W, tokens per node and how concurrent versions are handled. */
public class ReplicationConfig {
    @Min(1)
    public int n = 3;
    @Min(1)
    public int r = 2;
    @Min(1)
    public int w = 2;
    @Min(1)
    public int virtualNodes = 1;
    @NotNull
    public ConflictMode conflicts = ConflictMode.LINEARIZABLE;
}
