package dynamo.client.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Routing off: every request to one node, which forwards what it does not coordinate; the other
 * nodes only as the fallback a call allows (a get's retry, a write that could not be sent).
 */
public final class FixedNodeRouter implements Router {
    private final List<Target> order;

    public FixedNodeRouter(Target fixed, List<Target> others) {
        List<Target> order = new ArrayList<>();
        order.add(fixed);
        others.stream().filter(t -> !t.url().equals(fixed.url())).forEach(order::add);
        this.order = List.copyOf(order);
    }

    public Target fixed() {
        return order.get(0);
    }

    @Override
    public List<Target> route(byte[] key) {
        return order;
    }

    @Override
    public List<Target> anyNode() {
        return order;
    }

    @Override
    public Optional<Target> node(String id) {
        return order.stream().filter(t -> id.equals(t.id())).findFirst();
    }
}
