package dynamo.core.handoff;

import dynamo.core.storage.KeyState;
import dynamo.core.version.Versioned;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/** Durable hints for hinted handoff, at most one per (target node, key). */
public interface HintStore extends AutoCloseable {

    /**
     * Atomically replaces the hint for (target, key) by {@code change.apply(current)}; the state's
     * {@code accepted} ballot is the one the hint will be delivered with. An empty state removes it.
     */
    void updateState(String target, byte[] key, UnaryOperator<KeyState> change);

    /** {@link #updateState} for versions only (siblings mode), keeping the ballot. */
    default void update(String target, byte[] key, UnaryOperator<List<Versioned>> change) {
        updateState(target, key, s -> s.withVersions(change.apply(s.versions())));
    }

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
