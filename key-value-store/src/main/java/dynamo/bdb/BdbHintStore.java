package dynamo.bdb;

import dynamo.core.handoff.Hint;
import dynamo.core.handoff.HintStore;
import dynamo.core.storage.KeyState;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/** Hints on the "hints" database, keyed by {@link HintKey} so that one target's hints are a range. */
public final class BdbHintStore implements HintStore {
    static final String DATABASE = "hints";

    private final VersionsDatabase hints;

    public BdbHintStore(BdbEnvironment environment) {
        this.hints = new VersionsDatabase(environment, DATABASE);
    }

    @Override
    public void updateState(String target, byte[] key, UnaryOperator<KeyState> change) {
        hints.update(HintKey.encode(target, key), change);
    }

    @Override
    public List<Hint> forTarget(String target, int limit) {
        byte[] prefix = HintKey.prefix(target);
        return hints.read(prefix, null, limit, Long.MAX_VALUE).stream()
                .map(e -> new Hint(target, HintKey.key(e.key()), e.versions(), e.accepted()))
                .toList();
    }

    @Override
    public void removeIfUnchanged(Hint delivered) {
        hints.removeIf(HintKey.encode(delivered.target(), delivered.key()),
                state -> state.versions().equals(delivered.versions()) && state.accepted().equals(delivered.accepted()));
    }

    /** Jumps from one target's range to the next, so the cost is one seek per target. */
    @Override
    public Set<String> targets() {
        Set<String> targets = new LinkedHashSet<>();
        byte[] from = new byte[0];
        while (from != null) {
            byte[] record = hints.firstKeyFrom(from);
            if (record == null) {
                break;
            }
            String target = HintKey.target(record);
            targets.add(target);
            from = HintKey.after(HintKey.prefix(target));
        }
        return targets;
    }

    @Override
    public long count() {
        return hints.count();
    }

    @Override
    public void close() {
        hints.close();
    }
}
