package dynamo.core.storage;

import dynamo.core.version.Versioned;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/** Durable hints for hinted handoff, at most one per (target node, key). */
public interface HintStore extends AutoCloseable {

    /** Atomically replaces the hint's versions for (target, key) by {@code change.apply(current)}. */
    void update(String target, byte[] key, UnaryOperator<List<Versioned>> change);

    /** Up to {@code limit} hints for {@code target}. */
    List<Hint> forTarget(String target, int limit);

    /** Removes the hint only if it still holds exactly {@code delivered} (a newer hint stays). */
    void removeIfUnchanged(Hint delivered);

    /** Nodes that have hints waiting. */
    Set<String> targets();

    long count();

    @Override
    void close();
}
