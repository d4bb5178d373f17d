package dynamo.core.epoch;

import dynamo.core.membership.Member;
import dynamo.core.ring.Ring;
import dynamo.core.ring.RingLayout;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * One ring configuration: its epoch and everything needed to rebuild the same ring on every node.
 * The tokens layout is a pure function of the members; the partitions layout also keeps each
 * partition's owner, so that a later change can start from it ({@link RingLayout.Partitions#ringAfter})
 * instead of recomputing the ring from the ids. Epoch 1 is the seed, computed from the first membership
 * every node starts with, so nodes agree on it without consensus; every later epoch is chosen by the
 * {@link ConfigRegister}.
 *
 * <p>A membership change is two epochs: the first keeps the ring and adds the {@link Move} under way
 * (the ring it moves to), during which requests need a quorum of the old and of the new replicas and
 * the gaining nodes stream their new ranges; the second makes the move's ring the ring. {@code addresses}
 * tells every node how to reach members that were not in its own configuration (a node that joined).
 */
public record RingConfig(long epoch, List<String> members, RingLayout layout, List<String> owners, Move move,
        Map<String, Member> addresses) {
    public static final long FIRST_EPOCH = 1;

    /** The ring a config moves to: its members and (partitions layout) owners. */
    public record Move(List<String> members, List<String> owners) {
        public Move {
            members = List.copyOf(new TreeSet<>(members));
            owners = List.copyOf(owners);
        }
    }

    public RingConfig {
        if (epoch < FIRST_EPOCH) {
            throw new IllegalArgumentException("epochs start at " + FIRST_EPOCH + ": " + epoch);
        }
        members = List.copyOf(new TreeSet<>(members));
        owners = List.copyOf(owners);
        addresses = Map.copyOf(addresses);
        if (members.isEmpty() || (move != null && move.members().isEmpty())) {
            throw new IllegalArgumentException("a ring config needs members");
        }
        checkOwners(layout, members, owners);
        if (move != null) {
            checkOwners(layout, move.members(), move.owners());
        }
    }

    public RingConfig(long epoch, List<String> members, RingLayout layout, List<String> owners) {
        this(epoch, members, layout, owners, null, Map.of());
    }

    private static void checkOwners(RingLayout layout, List<String> members, List<String> owners) {
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

    /** The same ring one epoch later. */
    public RingConfig renumbered() {
        return new RingConfig(epoch + 1, members, layout, owners, move, addresses);
    }

    /**
     * The next epoch: this ring, moving to the ring of {@code ids} (a partitions layout keeps every
     * partition it can with its owner, so only the changed members' partitions move).
     */
    public RingConfig startingMove(Collection<String> ids, Collection<Member> newAddresses) {
        if (move != null) {
            throw new IllegalStateException("a move is already under way at epoch " + epoch);
        }
        Ring next = layout instanceof RingLayout.Partitions p ? p.ringAfter(ring(), ids) : layout.ringOf(ids);
        Map<String, Member> known = new TreeMap<>(addresses);
        newAddresses.forEach(m -> known.put(m.id(), m));
        return new RingConfig(epoch + 1, members, layout, owners,
                new Move(List.copyOf(new TreeSet<>(ids)), ownersOf(next, layout)), known);
    }

    /**
     * The next epoch: the move's ring becomes the ring. Addresses are kept, also of nodes that left: a
     * node that left still drives or answers the end of its move, and may serve clients until stopped.
     */
    public RingConfig finishingMove() {
        if (move == null) {
            throw new IllegalStateException("no move is under way at epoch " + epoch);
        }
        return new RingConfig(epoch + 1, move.members(), layout, move.owners(), null, addresses);
    }

    /** The ring of this config (built anew: callers keep it, as {@link EpochRing} does). */
    public Ring ring() {
        return ringOf(members, owners);
    }

    /** The ring a move under way goes to. */
    public Optional<Ring> target() {
        return Optional.ofNullable(move).map(m -> ringOf(m.members(), m.owners()));
    }

    /** The members and the members to be: every node that takes part in requests at this epoch. */
    public List<String> everyone() {
        TreeSet<String> all = new TreeSet<>(members);
        if (move != null) {
            all.addAll(move.members());
        }
        return List.copyOf(all);
    }

    private Ring ringOf(List<String> ids, List<String> partitionOwners) {
        return layout instanceof RingLayout.Partitions p ? p.ringOfOwners(ids, partitionOwners) : layout.ringOf(ids);
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
        return IntStream.range(0, p.count()).mapToObj(i -> ring.owners().get(p.boundary(i))).toList();
    }
}
