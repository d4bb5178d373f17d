package dynamo.core.ring;

import dynamo.core.membership.Member;
import dynamo.core.membership.Membership;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The ring of the current membership, rebuilt when membership changes. This node is always on it,
 * also before discovery lists it. The layout is a pure function of the member ids, so every node
 * that sees the same members builds the same ring.
 */
public final class CurrentRing implements Supplier<Ring> {
    private final Membership membership;
    private final String self;
    private final RingLayout layout;
    private volatile Ring ring;

    public CurrentRing(Membership membership, String self, RingLayout layout) {
        this.membership = membership;
        this.self = self;
        this.layout = layout;
        refresh();
    }

    /** Rebuilds the ring from the membership's current view. */
    public void refresh() {
        TreeSet<String> ids = new TreeSet<>();
        ids.add(self);
        membership.members().stream().map(Member::id).forEach(ids::add);
        Ring current = ring;
        if (current == null || !current.nodes().equals(ids.stream().toList())) {
            ring = layout.ringOf(ids);
        }
    }

    @Override
    public Ring get() {
        return ring;
    }
}
