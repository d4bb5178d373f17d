package dynamo.core.epoch;

import dynamo.core.ring.Ring;
import dynamo.core.ring.RingLayout;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * One ring configuration: its epoch and everything needed to rebuild the same ring on every node.
 * The tokens layout is a pure function of the members; the partitions layout also keeps each
 * partition's owner, so that a later change can start from it ({@link RingLayout.Partitions#ringAfter})
 * instead of recomputing the ring from the ids. Epoch 1 is the seed, computed from the first membership
 * every node starts with, so nodes agree on it without consensus; every later epoch is chosen by the
 * {@link ConfigRegister}. (Pending members of a join or leave are for a later format version.)
 */
public record RingConfig(long epoch, List<String> members, RingLayout layout, List<String> owners) {
    public static final long FIRST_EPOCH = 1;

    public RingConfig {
        if (epoch < FIRST_EPOCH) {
            throw new IllegalArgumentException("epochs start at " + FIRST_EPOCH + ": " + epoch);
        }
        members = List.copyOf(new TreeSet<>(members));
        owners = List.copyOf(owners);
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a ring config needs members");
        }
        if (layout instanceof RingLayout.Partitions p
                ? owners.size() != p.count() || !members.containsAll(owners) : !owners.isEmpty()) {
            throw new IllegalArgumentException("partition owners do not match the layout " + layout);
        }
    }

    /** Epoch 1 of {@code ids}: exactly the ring every node computed before rings had epochs. */
    public static RingConfig seed(Collection<String> ids, RingLayout layout) {
        return following(FIRST_EPOCH, ids, layout);
    }

    /**
     * The config of {@code ids} at {@code epoch}, laid out from the ids alone: two nodes that propose
     * the same members for the same epoch propose the same config, whoever wins.
     */
    public static RingConfig following(long epoch, Collection<String> ids, RingLayout layout) {
        TreeSet<String> sorted = new TreeSet<>(ids);
        return new RingConfig(epoch, List.copyOf(sorted), layout, ownersOf(layout.ringOf(sorted), layout));
    }

    /** The same ring one epoch later: the only change this version makes on purpose (see {@link ConfigChangeOperation}). */
    public RingConfig renumbered() {
        return new RingConfig(epoch + 1, members, layout, owners);
    }

    /** The ring of this config (built anew: callers keep it, as {@link EpochRing} does). */
    public Ring ring() {
        return layout instanceof RingLayout.Partitions p ? p.ringOfOwners(members, owners) : layout.ringOf(members);
    }

    public boolean isNewerThan(RingConfig other) {
        return epoch > other.epoch;
    }

    /** Whether {@code next} is this config's direct successor: the compare-and-set rule, one change at a time. */
    public boolean isSucceededBy(RingConfig next) {
        return next.epoch == epoch + 1;
    }

    private static List<String> ownersOf(Ring ring, RingLayout layout) {
        if (!(layout instanceof RingLayout.Partitions p)) {
            return List.of();
        }
        return java.util.stream.IntStream.range(0, p.count()).mapToObj(i -> ring.owners().get(p.boundary(i))).toList();
    }
}
