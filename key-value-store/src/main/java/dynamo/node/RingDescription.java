package dynamo.node;

import dynamo.core.membership.Member;
import dynamo.core.ring.Ring;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What {@code GET /ring} on the admin port answers: the ring as this node sees it, enough for a
 * client to compute every key's preference list itself. Tokens are unsigned 64-bit decimal strings
 * (JSON numbers would lose precision in many parsers). {@code epoch} is the ring's
 * {@link Ring#fingerprint()}: it changes whenever a member or a token changes. {@code seemsUp} is
 * this node's failure detector's opinion, not membership.
 */
public record RingDescription(long epoch, int replicas, String partitioner, List<NodeEntry> nodes) {
    public static final String PARTITIONER = "md5";

    /** One member: its client URL ({@code url}), admin URL (null if unknown), tokens in ring order. */
    public record NodeEntry(String id, String url, String adminUrl, List<String> tokens, boolean seemsUp) {
    }

    public static RingDescription of(Ring ring, int replicas, Function<String, Optional<Member>> members,
            Predicate<String> seemsUp) {
        Map<String, List<String>> tokens = new LinkedHashMap<>();
        ring.nodes().forEach(node -> tokens.put(node, new ArrayList<>()));
        ring.owners().forEach((token, node) -> tokens.get(node).add(Long.toUnsignedString(token)));
        List<NodeEntry> nodes = new ArrayList<>();
        tokens.forEach((node, own) -> {
            Optional<Member> member = members.apply(node);
            nodes.add(new NodeEntry(node, member.map(Member::httpUrl).orElse(null),
                    member.map(Member::adminUrl).orElse(null), List.copyOf(own), seemsUp.test(node)));
        });
        return new RingDescription(ring.fingerprint(), replicas, PARTITIONER, List.copyOf(nodes));
    }
}
