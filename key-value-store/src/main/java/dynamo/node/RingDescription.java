package dynamo.node;

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
 * What {@code GET /ring} on the admin port answers: the ring as this node sees it, enough for a
 * client to compute every key's preference list itself. Tokens are unsigned 64-bit decimal strings
 * (JSON numbers would lose precision in many parsers). {@code epoch} is the ring config's epoch (agreed
 * by the ring register, stored on every node); {@code fingerprint} the {@link Ring#fingerprint()} of
 * its token map, which tells two rings apart even at one epoch. A node's {@code state} is its place in
 * the config: {@value #NORMAL}, or during a move {@value #JOINING} (a member of the ring moved to only:
 * it owns no tokens yet) or {@value #LEAVING} (a member of the current ring only); {@code seemsUp} is
 * this node's failure detector's opinion, not membership; {@code share} the percentage of the keys the
 * node replicates on the current ring. {@code move} is null outside a move; during one it names the
 * members moved to, each node's share on the ring moved to, and this node's part: the phase of the
 * change it drives ("idle" when another node drives it) and what it received by streaming.
 */
public record RingDescription(long epoch, long fingerprint, int replicas, String partitioner, List<NodeEntry> nodes,
        MoveEntry move) {
    public static final String PARTITIONER = "md5";
    public static final String NORMAL = "normal";
    public static final String JOINING = "joining";
    public static final String LEAVING = "leaving";

    /** One node: its client URL ({@code url}), admin URL (null if unknown), tokens in ring order. */
    public record NodeEntry(String id, String url, String adminUrl, List<String> tokens, String state, boolean seemsUp,
            double share) {
    }

    /**
     * A move under way at {@code epoch} (it ends at epoch + 1): the members it moves to with their
     * shares there, and this node's {@code phase} and the keys and bytes it received by streaming.
     */
    public record MoveEntry(long epoch, List<String> members, Map<String, Double> shares, String phase,
            long keysStreamed, long bytesStreamed) {
    }

    /** This node's part in a move: its driver's phase and what it received by streaming since it started. */
    public record MoveProgress(String phase, long keysStreamed, long bytesStreamed) {
    }

    public static RingDescription of(RingConfig config, int replicas, Function<String, Optional<Member>> members,
            Predicate<String> seemsUp, MoveProgress progress) {
        Ring ring = config.ring();
        Optional<Ring> target = config.target();
        MoveEntry move = target.map(next -> new MoveEntry(config.epoch(), config.move().members(),
                percentages(KeyShares.replica(next, replicas)), progress.phase(), progress.keysStreamed(),
                progress.bytesStreamed())).orElse(null);
        List<String> joining = target.map(next -> next.nodes().stream().filter(n -> !ring.nodes().contains(n)).toList())
                .orElse(List.of());
        Function<String, String> state = node -> joining.contains(node) ? JOINING
                : move != null && !move.members().contains(node) ? LEAVING : NORMAL;
        return describe(config.epoch(), ring, joining, replicas, members, seemsUp, state, move);
    }

    /** A ring outside any move. */
    public static RingDescription of(long epoch, Ring ring, int replicas, Function<String, Optional<Member>> members,
            Predicate<String> seemsUp) {
        return describe(epoch, ring, List.of(), replicas, members, seemsUp, node -> NORMAL, null);
    }

    private static RingDescription describe(long epoch, Ring ring, List<String> joining, int replicas,
            Function<String, Optional<Member>> members, Predicate<String> seemsUp, Function<String, String> state,
            MoveEntry move) {
        Map<String, List<String>> tokens = new LinkedHashMap<>();
        ring.nodes().forEach(node -> tokens.put(node, new ArrayList<>()));
        joining.forEach(node -> tokens.put(node, new ArrayList<>()));
        ring.owners().forEach((token, node) -> tokens.get(node).add(Long.toUnsignedString(token)));
        Map<String, Double> shares = percentages(KeyShares.replica(ring, replicas));
        List<NodeEntry> nodes = new ArrayList<>();
        tokens.forEach((node, own) -> {
            Optional<Member> member = members.apply(node);
            nodes.add(new NodeEntry(node, member.map(Member::httpUrl).orElse(null),
                    member.map(Member::adminUrl).orElse(null), List.copyOf(own), state.apply(node),
                    seemsUp.test(node), shares.getOrDefault(node, 0.0)));
        });
        return new RingDescription(epoch, ring.fingerprint(), replicas, PARTITIONER, List.copyOf(nodes), move);
    }

    /** Fractions as percentages with two decimals. */
    private static Map<String, Double> percentages(Map<String, Double> fractions) {
        Map<String, Double> percent = new LinkedHashMap<>();
        fractions.forEach((node, share) -> percent.put(node, Math.round(share * 10_000) / 100.0));
        return percent;
    }
}
