package dynamo.node;

import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

/**
 * What {@code GET /peers} on the admin port answers: the ring's other members this node has heard
 * from within the failure detector's suspicion period ({@code heard}) and those it has not
 * ({@code silent}). A node is healthy before it has heard from its peers; {@code bin/cluster up}
 * waits for an empty {@code silent} on every node as well, so that a fresh cluster's first requests
 * do not pay for a broker link still being dialled.
 */
public record PeersHeard(String node, List<String> heard, List<String> silent) {

    static PeersHeard of(String self, Collection<String> members, Predicate<String> heardLately) {
        List<String> peers = members.stream().filter(member -> !member.equals(self)).sorted().toList();
        return new PeersHeard(self, peers.stream().filter(heardLately).toList(),
                peers.stream().filter(heardLately.negate()).toList());
    }
}
