package dynamo.core.ring;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.IntStream;

/**
 * The balance table of a layout: for rings of node1..nodeS, each node's primary and replica share
 * (min and max, in % of the keys and off the mean), and what a join of node(S+1) and each single
 * leave change, against the minimum (the share the joining or leaving node replicates): once with the
 * ring computed from the member ids alone (as nodes do today), once from the previous ring (what
 * epoch-numbered rings can do; partitions layout only).
 * {@code bin/ring-balance} runs {@link #main}.
 */
public final class BalanceReport {
    private final RingLayout layout;
    private final int replicas;

    public BalanceReport(RingLayout layout, int replicas) {
        this.layout = layout;
        this.replicas = replicas;
    }

    /** One row of the table; shares are fractions of the keys, deviations fractions of the mean. */
    public record Row(int nodes, double primaryMin, double primaryMax, double primaryDeviation, double replicaMin,
            double replicaMax, double replicaDeviation, Movement stateless, Movement fromPrevious) {
    }

    /** What a join of one node and the worst single leave move, as multiples of the minimum. */
    public record Movement(double joinMoved, double joinRatio, double leaveRatioWorst) {
    }

    public Row row(int nodes) {
        List<String> ids = ids(nodes);
        Ring ring = layout.ringOf(ids);
        Spread primary = Spread.of(KeyShares.primary(ring).values());
        Spread replica = Spread.of(KeyShares.replica(ring, replicas).values());
        Movement stateless = movement(ring, ids, (before, members) -> layout.ringOf(members));
        Movement fromPrevious = layout instanceof RingLayout.Partitions partitions
                ? movement(ring, ids, partitions::ringAfter) : null;
        return new Row(nodes, primary.min(), primary.max(), primary.deviation(), replica.min(), replica.max(),
                replica.deviation(), stateless, fromPrevious);
    }

    private Movement movement(Ring ring, List<String> ids, BiFunction<Ring, List<String>, Ring> change) {
        String newcomer = "node" + (ids.size() + 1);
        List<String> grown = new ArrayList<>(ids);
        grown.add(newcomer);
        Ring joined = change.apply(ring, grown);
        double joinMoved = KeyShares.changed(ring, joined, replicas);
        double joinRatio = joinMoved / KeyShares.replica(joined, replicas).get(newcomer);
        double leaveRatio = 0;
        for (String leaving : ids.size() > 1 ? ids : List.<String>of()) {
            Ring left = change.apply(ring, ids.stream().filter(id -> !id.equals(leaving)).toList());
            double ratio = KeyShares.changed(ring, left, replicas) / KeyShares.replica(ring, replicas).get(leaving);
            leaveRatio = Math.max(leaveRatio, ratio);
        }
        return new Movement(joinMoved, joinRatio, leaveRatio);
    }

    public String table(int fromNodes, int toNodes) {
        StringBuilder out = new StringBuilder(String.format(
                "layout %s, N = %d; moves: share of keys whose replica set changes, as a multiple of the minimum%n"
                        + "| nodes | primary min-max %% | off mean | replica min-max %% | off mean "
                        + "| join moves %% of keys | join / min | worst leave / min "
                        + "| from previous ring: join / min | leave / min |%n"
                        + "|---:|---|---:|---|---:|---:|---:|---:|---:|---:|%n", layout, replicas));
        IntStream.rangeClosed(fromNodes, toNodes).mapToObj(this::row).forEach(r -> out.append(String.format(
                "| %d | %.1f-%.1f | %.1f %% | %.1f-%.1f | %.1f %% | %.1f | %.2f | %.2f | %s | %s |%n",
                r.nodes(), 100 * r.primaryMin(), 100 * r.primaryMax(), 100 * r.primaryDeviation(),
                100 * r.replicaMin(), 100 * r.replicaMax(), 100 * r.replicaDeviation(),
                100 * r.stateless().joinMoved(), r.stateless().joinRatio(), r.stateless().leaveRatioWorst(),
                r.fromPrevious() == null ? "-" : String.format("%.2f", r.fromPrevious().joinRatio()),
                r.fromPrevious() == null ? "-" : String.format("%.2f", r.fromPrevious().leaveRatioWorst()))));
        return out.toString();
    }

    static List<String> ids(int nodes) {
        return IntStream.rangeClosed(1, nodes).mapToObj(i -> "node" + i).toList();
    }

    /** The smallest and largest share, and the largest distance of either from the mean (as a fraction of it). */
    record Spread(double min, double max, double deviation) {
        static Spread of(Collection<Double> shares) {
            double mean = shares.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            double min = shares.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            double max = shares.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            return new Spread(min, max, Math.max(max - mean, mean - min) / mean);
        }
    }

    /** Arguments: [partitions Q | tokens V] [N] [from] [to]; default: partitions 256, N = 3, 3 to 20 nodes. */
    public static void main(String[] args) {
        String kind = args.length > 0 ? args[0] : "partitions";
        int count = args.length > 1 ? Integer.parseInt(args[1]) : kind.equals("tokens") ? 1 : 256;
        int replicas = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int from = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        int to = args.length > 4 ? Integer.parseInt(args[4]) : 20;
        RingLayout layout = switch (kind) {
            case "partitions" -> new RingLayout.Partitions(count, replicas);
            case "tokens" -> new RingLayout.Tokens(count);
            default -> throw new IllegalArgumentException("layout must be partitions or tokens, got '" + kind + "'");
        };
        System.out.print(new BalanceReport(layout, replicas).table(from, to));
    }
}
