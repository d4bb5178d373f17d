package dynamo.core.operation;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A key's replicas at one epoch: its preference list, and during a move also the preference list
 * it moves to. A quorum is a quorum of each list (joint consensus): a majority of the old list
 * keeps every request linearizable with those that ran before the move, a majority of the new one
 * with those that run after it. Outside a move {@code next} is empty and this is plain majority
 * arithmetic over one list.
 */
public record ReplicaSets(List<String> current, List<String> next) {
    public ReplicaSets {
        current = List.copyOf(current);
        next = List.copyOf(next);
    }

    public static ReplicaSets of(List<String> replicas) {
        return new ReplicaSets(replicas, List.of());
    }

    /** Whether a move is under way for this key's range (the two lists differ). */
    public boolean isJoint() {
        return !next.isEmpty() && !next.equals(current);
    }

    /** Every replica, the current list first: who is sent each request. */
    public List<String> all() {
        Set<String> all = new LinkedHashSet<>(current);
        all.addAll(next);
        return List.copyOf(all);
    }

    public boolean contains(String node) {
        return current.contains(node) || next.contains(node);
    }

    /** Whether {@code nodes} hold a majority of each list. */
    public boolean hasMajority(Collection<String> nodes) {
        return covers(current, nodes, Quorum.majority(current.size()))
                && (!isJoint() || covers(next, nodes, Quorum.majority(next.size())));
    }

    /** Whether {@code nodes} hold {@code required} of each list (capped at the list's size): a client's R or W. */
    public boolean reaches(Collection<String> nodes, int required) {
        return covers(current, nodes, Math.min(required, current.size()))
                && (!isJoint() || covers(next, nodes, Math.min(required, next.size())));
    }

    /** What a quorum needs, for progress reports: "a majority of 3" or "a majority of [a, b, c] and of [a, b, d]". */
    public String quorumNeeded() {
        return isJoint() ? "a majority of " + current + " and of " + next : "a majority of " + current.size();
    }

    private static boolean covers(List<String> list, Collection<String> nodes, int required) {
        return list.stream().filter(nodes::contains).count() >= required;
    }
}
