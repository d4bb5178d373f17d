package dynamo.core.antientropy;

import java.util.List;

/** A key range and the nodes that replicate it (its preference list). */
public record ReplicatedRange(KeyRange range, List<String> replicas) {
    public ReplicatedRange {
        replicas = List.copyOf(replicas);
    }
}
