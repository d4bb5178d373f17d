package dynamo.core.move;

import dynamo.core.antientropy.KeyRange;
import dynamo.core.operation.Quorum;
import dynamo.core.ring.Ring;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a move from one ring to another changes, pure: the arcs over which both rings' preference
 * lists are constant (cut at every token of either ring), each with its replicas before and after.
 * A node that is in an arc's new list but not its old one gains the arc and streams it from the old
 * replicas; one in the old list but not the new one loses it and drops it after the move.
 */
public final class MovePlan {
    /** One arc: its replicas on the old ring ({@code from}) and on the new one ({@code to}). */
    public record Shift(KeyRange range, List<String> from, List<String> to) {
        public boolean moves() {
            return !from.equals(to) && !new TreeSet<>(from).equals(new TreeSet<>(to));
        }
    }

    private final List<Shift> shifts;

    private MovePlan(List<Shift> shifts) {
        this.shifts = shifts;
    }

    public static MovePlan of(Ring from, Ring to, int n) {
        TreeSet<Long> cuts = new TreeSet<>(Long::compareUnsigned);
        cuts.addAll(from.tokens());
        cuts.addAll(to.tokens());
        List<Long> bounds = List.copyOf(cuts);
        List<Shift> shifts = new ArrayList<>();
        for (int i = 0; i < bounds.size(); i++) {
            long end = bounds.get(i);
            long start = bounds.get((i - 1 + bounds.size()) % bounds.size());
            shifts.add(new Shift(new KeyRange(start, end), from.preferenceListAt(end, n), to.preferenceListAt(end, n)));
        }
        return new MovePlan(List.copyOf(shifts));
    }

    public List<Shift> shifts() {
        return shifts;
    }

    /** The arcs {@code node} gains, each with the replicas it streams them from. */
    public List<Shift> gainedBy(String node) {
        return shifts.stream().filter(s -> s.to().contains(node) && !s.from().contains(node)).toList();
    }

    /** Every node that gains an arc. */
    public Set<String> gainers() {
        Set<String> nodes = new TreeSet<>();
        shifts.forEach(s -> s.to().stream().filter(x -> !s.from().contains(x)).forEach(nodes::add));
        return nodes;
    }

    /** Every node that loses an arc. */
    public Set<String> losers() {
        Set<String> nodes = new TreeSet<>();
        shifts.forEach(s -> s.from().stream().filter(x -> !s.to().contains(x)).forEach(nodes::add));
        return nodes;
    }

    /** Whether {@code nodes} hold a majority of every arc's old list ({@code old}) and of every new one. */
    public boolean majorities(Collection<String> nodes, boolean old) {
        return shifts.stream().map(s -> old ? s.from() : s.to())
                .allMatch(list -> list.stream().filter(nodes::contains).count() >= Quorum.majority(list.size()));
    }

    /** The number of arcs in which some replica changes. */
    public long moving() {
        return shifts.stream().filter(Shift::moves).count();
    }
}
