package dynamo.core.storage;

import dynamo.core.version.Versioned;
import java.util.List;

/** A write kept for a replica that was down: delivered to {@code target} once it is back. */
public record Hint(String target, byte[] key, List<Versioned> versions) {
    public Hint {
        versions = List.copyOf(versions);
    }
}
