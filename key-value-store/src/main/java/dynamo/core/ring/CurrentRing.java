package dynamo.core.ring;

import dynamo.core.membership.Member;
import dynamo.core.membership.Membership;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The ring of the current membership, rebuilt when membership changes. This node is always on it,
 * also before discovery lists it. Positions depend only on node ids, so a rebuilt ring places every
 * key of unchanged nodes exactly where it was.
 */
public final class CurrentRing implements Supplier<Ring> {
    private final Membership membership;
    private final String self;
    private final int virtualNodes;
    private volatile Ring ring;

    public CurrentRing(Membership membership, String self, int virtualNodes) {
        this.membership = membership;
        this.self = self;
        this.virtualNodes = virtualNodes;
        refresh();
    }

    /** Rebuilds the ring from the membership's current view. */
    public void refresh() {
        TreeSet<String> ids = new TreeSet<>();
        ids.add(self);
        membership.members().stream().map(Member::id).forEach(ids::add);
        Ring current = ring;
        if (current == null || !current.nodes().equals(ids.stream().toList())) {
            ring = new Ring(ids, virtualNodes);
        }
    }

    @Override
    public Ring get() {
        return ring;
    }
}
