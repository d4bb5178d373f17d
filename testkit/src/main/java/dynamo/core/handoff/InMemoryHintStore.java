package dynamo.core.handoff;

import dynamo.core.storage.KeyState;
import dynamo.core.version.Ballot;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/** A thread-safe HintStore in memory, for tests and in-process clusters. */
public final class InMemoryHintStore implements HintStore {
    private static final byte[] NO_KEY = new byte[0];

    private record Slot(String target, byte[] key) {
        static final Comparator<Slot> ORDER = Comparator.comparing(Slot::target)
                .thenComparing(Slot::key, Arrays::compareUnsigned);
    }

    private final ConcurrentSkipListMap<Slot, KeyState> hints = new ConcurrentSkipListMap<>(Slot.ORDER);

    @Override
    public void updateState(String target, byte[] key, UnaryOperator<KeyState> change) {
        hints.compute(new Slot(target, key.clone()), (slot, current) -> {
            KeyState next = Objects.requireNonNull(change.apply(current == null ? KeyState.EMPTY : current),
                    "change result");
            return next.versions().isEmpty() ? null : next;
        });
    }

    @Override
    public List<Hint> forTarget(String target, int limit) {
        return hints.tailMap(new Slot(target, NO_KEY)).entrySet().stream()
                .takeWhile(e -> e.getKey().target().equals(target))
                .limit(Math.max(limit, 0))
                .map(e -> new Hint(target, e.getKey().key().clone(), e.getValue().versions(), e.getValue().accepted()))
                .toList();
    }

    /** remove(key, value) compares the versions with equals, atomically. */
    @Override
    public void removeIfUnchanged(Hint delivered) {
        hints.remove(new Slot(delivered.target(), delivered.key()),
                new KeyState(Ballot.ZERO, delivered.accepted(), delivered.versions()));
    }

    @Override
    public Set<String> targets() {
        return hints.keySet().stream().map(Slot::target).collect(Collectors.toCollection(TreeSet::new));
    }

    @Override
    public long count() {
        return hints.size();
    }

    @Override
    public void close() {
        // Nothing to release.
    }
}
