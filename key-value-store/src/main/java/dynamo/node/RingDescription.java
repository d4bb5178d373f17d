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
 * (JSON numbers would lose precision in many parsers). {@code epoch} is the ring config's epoch (agreed
 * by the ring register, stored on every node); {@code fingerprint} the {@link Ring#fingerprint()} of
 * its token map, which tells two rings apart even at one epoch. A member's {@code state} is its place
 * in the config ({@value #NORMAL} for every member until joins and leaves exist); {@code seemsUp} is
 * this node's failure detector's opinion, not membership.
 */
public record RingDescription(long epoch, long fingerprint, int replicas, String partitioner, List<NodeEntry> nodes) {
    public static final String PARTITIONER = "md5";
    public static final String NORMAL = "normal";

    /** One member: its client URL ({@code url}), admin URL (null if unknown), tokens in ring order. */
    public record NodeEntry(String id, String url, String adminUrl, List<String> tokens, String state, boolean seemsUp) {
    }

    public static RingDescription of(long epoch, Ring ring, int replicas, Function<String, Optional<Member>> members,
            Predicate<String> seemsUp) {
        Map<String, List<String>> tokens = new LinkedHashMap<>();
        ring.nodes().forEach(node -> tokens.put(node, new ArrayList<>()));
        ring.owners().forEach((token, node) -> tokens.get(node).add(Long.toUnsignedString(token)));
        List<NodeEntry> nodes = new ArrayList<>();
        tokens.forEach((node, own) -> {
            Optional<Member> member = members.apply(node);
            nodes.add(new NodeEntry(node, member.map(Member::httpUrl).orElse(null),
                    member.map(Member::adminUrl).orElse(null), List.copyOf(own), NORMAL, seemsUp.test(node)));
        });
        return new RingDescription(epoch, ring.fingerprint(), replicas, PARTITIONER, List.copyOf(nodes));
    }
}
