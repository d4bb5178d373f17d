package dynamo.webview;

import dynamo.core.epoch.RingConfig;
import dynamo.core.membership.Member;
import dynamo.core.ring.KeyShares;
import dynamo.core.ring.Ring;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What {@code GET /cluster/status} answers: every member as the serving node sees it, with its
 * tokens (unsigned decimal strings, as in {@code /ring}), its share of keys, and its state from the
 * serving node's failure detector. {@code membershipChange} is the join, leave or remove under way
 * (null when none is): its epoch, the members it moves to, who joins and who leaves. {@code epoch} is the
 * ring config's epoch as a decimal string (as it was when it stood for a 63-bit fingerprint, which a
 * JSON number would lose digits of in a browser).
 */
record ClusterStatus(String node, String epoch, int replicas, List<MemberStatus> members, Object membershipChange) {

    /** A move under way, as the page shows it. */
    record MembershipChange(String epoch, List<String> members, List<String> joining, List<String> leaving) {
        static MembershipChange of(RingConfig config) {
            if (config.move() == null) {
                return null;
            }
            List<String> to = config.move().members();
            return new MembershipChange(Long.toString(config.epoch()), to,
                    to.stream().filter(m -> !config.members().contains(m)).toList(),
                    config.members().stream().filter(m -> !to.contains(m)).toList());
        }
    }

    ClusterStatus withChange(MembershipChange change) {
        return new ClusterStatus(node, epoch, replicas, members, change);
    }

    record MemberStatus(String id, String url, String adminUrl, MemberState state, double keyShare,
            List<String> tokens) {
    }

    /** The liveness opinions of the serving node's failure detector. */
    record Liveness(Predicate<String> seemsUp) {
        MemberState of(String node) {
            return MemberState.of(seemsUp.test(node));
        }
    }

    static ClusterStatus of(String self, long epoch, Ring ring, int replicas, Function<String, Optional<Member>> members,
            Liveness liveness) {
        Map<String, List<String>> tokens = new LinkedHashMap<>();
        ring.nodes().forEach(node -> tokens.put(node, new ArrayList<>()));
        ring.owners().forEach((token, node) -> tokens.get(node).add(Long.toUnsignedString(token)));
        Map<String, Double> shares = KeyShares.primary(ring);
        List<MemberStatus> statuses = new ArrayList<>();
        tokens.forEach((node, own) -> {
            Optional<Member> member = members.apply(node);
            statuses.add(new MemberStatus(node, member.map(Member::httpUrl).orElse(null),
                    member.map(Member::adminUrl).orElse(null), liveness.of(node), shares.get(node), List.copyOf(own)));
        });
        return new ClusterStatus(self, Long.toString(epoch), replicas, List.copyOf(statuses), null);
    }
}
