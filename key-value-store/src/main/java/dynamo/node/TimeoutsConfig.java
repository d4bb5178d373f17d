package dynamo.node;

import dynamo.core.operation.Timeouts;
import jakarta.validation.constraints.Min;

/** Failure-detection and request deadlines, in milliseconds. */
public class TimeoutsConfig {
    @Min(1)
    public long replicaMillis = 100;
    @Min(1)
    public long requestMillis = 2000;
    @Min(1)
    public long heartbeatMillis = 100;
    @Min(1)
    public long suspectAfterMillis = 400;
    /** How often hints are offered to the nodes they are for. */
    @Min(1)
    public long hintDeliveryMillis = 1000;
    /** How often each key range is compared with the other replicas (Merkle trees). */
    @Min(1)
    public long antiEntropyMillis = 30_000;
    /** Tombstones older than this are collected (every replica must have seen the delete by then). */
    @Min(1)
    public long tombstoneGraceMillis = 86_400_000;

    /** The core's view of these settings (every deadline derives from it: core.operation.Deadlines). */
    public Timeouts core() {
        return new Timeouts(replicaMillis, requestMillis, heartbeatMillis, suspectAfterMillis);
    }
}
