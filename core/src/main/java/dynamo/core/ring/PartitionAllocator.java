package dynamo.core.ring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Spreads Q equal partitions over the nodes (Dynamo's strategy 3), as a pure function of the node
 * ids, the partition count and N, so that every node computes the same layout on its own:
 * <ul>
 * <li>Quotas: each node gets floor(Q/S) or ceil(Q/S) partitions (the extra ones go to the nodes
 * first in md5 order of their ids).</li>
 * <li>Preference: partition p ranks the nodes by md5(p/id) (rendezvous hashing), and all (partition,
 * node) pairs are taken best score first. A score does not depend on the other members, so a join or
 * leave disturbs mostly the partitions the changed node wins or loses, not the whole layout.</li>
 * <li>Spacing: with more nodes than N, no node owns two partitions fewer than N apart, so any N
 * consecutive partitions have N distinct owners: a partition's replicas are the owners of it and of
 * the next N-1 partitions, and a node's replica share is exactly N times its primary share.</li>
 * </ul>
 * Given the previous layout (a ring change agreed with its history, as epoch-numbered rings will be),
 * a first pass keeps each partition with its previous owner while that owner has room, so a join
 * takes only the partitions the old owners have to give up and a leave moves only the leaver's.
 * A partition the best-score pass cannot place within the spacing is placed by a swap with a placed
 * one; if that fails (seen only at S = N + 1, where spacing is tight), a round robin over the nodes
 * in md5 order is used when it keeps the spacing, which it does for S dividing Q.
 */
final class PartitionAllocator {
    private final int partitions;
    private final int nodes;
    private final int spacing;
    private final long[][] score;
    private final int[] owner;
    private final int[] room;
    private final int[] byHash;

    private final int[] previous;

    private PartitionAllocator(List<String> ids, int partitions, int replicas, List<String> previousOwners) {
        this.partitions = partitions;
        this.nodes = ids.size();
        this.spacing = nodes > replicas ? replicas : 1;
        this.score = new long[partitions][nodes];
        for (int p = 0; p < partitions; p++) {
            for (int n = 0; n < nodes; n++) {
                score[p][n] = RingHash.of(p + "/" + ids.get(n));
            }
        }
        this.byHash = IntStream.range(0, nodes).boxed()
                .sorted(Comparator.comparing((Integer n) -> RingHash.of(ids.get(n)), Long::compareUnsigned)
                        .thenComparing(ids::get))
                .mapToInt(Integer::intValue).toArray();
        this.room = new int[nodes];
        for (int k = 0; k < nodes; k++) {
            room[byHash[k]] = partitions / nodes + (k < partitions % nodes ? 1 : 0);
        }
        this.owner = new int[partitions];
        Arrays.fill(owner, -1);
        this.previous = new int[partitions];
        for (int p = 0; p < partitions; p++) {
            previous[p] = previousOwners.isEmpty() ? -1 : ids.indexOf(previousOwners.get(p));
        }
    }

    /** The owner of each partition, by partition index; {@code ids} must be distinct. */
    static List<String> owners(List<String> ids, int partitions, int replicas) {
        return owners(ids, partitions, replicas, List.of());
    }

    /** As above, keeping what it can of {@code previousOwners} (one per partition; empty: none). */
    static List<String> owners(List<String> ids, int partitions, int replicas, List<String> previousOwners) {
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("a ring needs nodes");
        }
        if (!previousOwners.isEmpty() && previousOwners.size() != partitions) {
            throw new IllegalArgumentException("a previous layout of " + previousOwners.size() + " partitions, not "
                    + partitions);
        }
        int[] owners = new PartitionAllocator(ids, partitions, replicas, previousOwners).allocate();
        return Arrays.stream(owners).mapToObj(ids::get).toList();
    }

    private int[] allocate() {
        List<Long> pairs = pairsByScore();
        placeInOrder(pairs, true);
        placeInOrder(pairs, false);
        List<Integer> stuck = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            if (owner[p] < 0 && !placeBySwap(p)) {
                stuck.add(p);
            }
        }
        if (!stuck.isEmpty()) {
            placeStuck(stuck);
        }
        return owner;
    }

    /** Places each pair whose partition is free, node has room and spacing allows; first only previous owners. */
    private void placeInOrder(List<Long> pairs, boolean previousOwnersOnly) {
        for (long pair : pairs) {
            int p = (int) (pair / nodes);
            int n = (int) (pair % nodes);
            if (owner[p] < 0 && (!previousOwnersOnly || previous[p] == n) && room[n] > 0 && spaced(n, p, -1)) {
                place(p, n);
            }
        }
    }

    /** Every pair as p * nodes + n, best score first (ties: lower pair first, for determinism). */
    private List<Long> pairsByScore() {
        List<Long> pairs = new ArrayList<>(partitions * nodes);
        for (long pair = 0; pair < (long) partitions * nodes; pair++) {
            pairs.add(pair);
        }
        pairs.sort(Comparator.comparing((Long pair) -> scoreOf(pair), (a, b) -> Long.compareUnsigned(b, a))
                .thenComparing(Comparator.naturalOrder()));
        return pairs;
    }

    private long scoreOf(long pair) {
        return score[(int) (pair / nodes)][(int) (pair % nodes)];
    }

    /** Places p on a node with room directly, or gives a placed partition's owner p and that node its partition. */
    private boolean placeBySwap(int p) {
        List<Integer> withRoom = IntStream.range(0, nodes).filter(n -> room[n] > 0).boxed()
                .sorted(Comparator.comparing((Integer n) -> score[p][n], (a, b) -> Long.compareUnsigned(b, a)))
                .toList();
        for (int n : withRoom) {
            if (spaced(n, p, -1)) {
                place(p, n);
                return true;
            }
        }
        for (int n : withRoom) {
            for (int other = 0; other < partitions; other++) {
                int m = owner[other];
                if (m >= 0 && m != n && spaced(m, p, other) && spaced(n, other, -1)) {
                    owner[other] = n;
                    owner[p] = m;
                    room[n]--;
                    return true;
                }
            }
        }
        return false;
    }

    private void placeStuck(List<Integer> stuck) {
        int rest = partitions % nodes;
        if (rest == 0 || rest >= spacing) {
            for (int p = 0; p < partitions; p++) {
                owner[p] = byHash[p % nodes];
            }
            return;
        }
        // No spaced layout found: the ring's walk still skips repeated owners, so lists stay distinct.
        for (int p : stuck) {
            int n = IntStream.range(0, nodes).filter(x -> room[x] > 0).findFirst().orElseThrow();
            place(p, n);
        }
    }

    private void place(int p, int n) {
        owner[p] = n;
        room[n]--;
    }

    /** Whether n owns no partition fewer than {@code spacing} from p, not counting {@code moving}. */
    private boolean spaced(int n, int p, int moving) {
        for (int d = 1; d < spacing; d++) {
            int after = (p + d) % partitions;
            int before = (p - d + partitions) % partitions;
            if ((owner[after] == n && after != moving) || (owner[before] == n && before != moving)) {
                return false;
            }
        }
        return true;
    }
}
