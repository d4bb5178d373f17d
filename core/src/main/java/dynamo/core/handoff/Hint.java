package dynamo.core.handoff;

import dynamo.core.version.Ballot;
import dynamo.core.version.Versioned;
import java.util.List;

/**
 * A write kept for a replica that was down: delivered to {@code target} once it is back, as a late
 * copy of what was accepted with {@code accepted} (ZERO in siblings mode).
 */
public record Hint(String target, byte[] key, List<Versioned> versions, Ballot accepted) {
    public Hint {
        versions = List.copyOf(versions);
    }

    public Hint(String target, byte[] key, List<Versioned> versions) {
        this(target, key, versions, Ballot.ZERO);
    }
}
