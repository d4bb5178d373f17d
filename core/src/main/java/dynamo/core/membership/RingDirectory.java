package dynamo.core.membership;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where to reach each node: the configured or discovered members, and the addresses the ring config
 * carries for nodes that joined later (so a node reaches a newcomer it was never configured with).
 * Configured entries win: they are this node's own view of its network.
 */
public final class RingDirectory implements Membership {
    private final Membership configured;
    private final Supplier<Map<String, Member>> fromRing;

    public RingDirectory(Membership configured, Supplier<Map<String, Member>> fromRing) {
        this.configured = configured;
        this.fromRing = fromRing;
    }

    @Override
    public List<Member> members() {
        Map<String, Member> all = new LinkedHashMap<>(fromRing.get());
        configured.members().forEach(m -> all.put(m.id(), m));
        return List.copyOf(all.values());
    }

    @Override
    public Optional<Member> member(String id) {
        Optional<Member> own = configured.member(id);
        return own.isPresent() ? own : Optional.ofNullable(fromRing.get().get(id));
    }
}
