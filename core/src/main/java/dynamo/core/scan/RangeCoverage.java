package dynamo.core.scan;

import dynamo.core.ring.Ring;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The ring's ranges as the sets of nodes that replicate them: a global scan is complete only while
 * every range has at least one replica that delivered (or is still delivering) all its entries.
 */
public final class RangeCoverage {
    private final List<Set<String>> replicaSets;

    public RangeCoverage(List<Set<String>> replicaSets) {
        this.replicaSets = List.copyOf(replicaSets);
    }

    /** One replica set per ring range (the range that ends at each token), duplicates merged. */
    public static RangeCoverage of(Ring ring, int replicas) {
        Set<Set<String>> sets = new LinkedHashSet<>();
        for (long token : ring.tokens()) {
            sets.add(Set.copyOf(ring.preferenceListAt(token, replicas)));
        }
        return new RangeCoverage(List.copyOf(sets));
    }

    /** A range none of whose replicas is {@code delivering}, if there is one. */
    public Optional<Set<String>> firstUncovered(Predicate<String> delivering) {
        return replicaSets.stream().filter(set -> set.stream().noneMatch(delivering)).findFirst();
    }
}
