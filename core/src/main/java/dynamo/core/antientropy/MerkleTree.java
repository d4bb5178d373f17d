package dynamo.core.antientropy;

import dynamo.core.version.Versioned;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A hash tree over one key range with 2^depth leaves (buckets of ring positions). A leaf's hash chains
 * the digests of its keys in key order; an inner node hashes its two children; an empty subtree is 0.
 * Stored as a flat array level by level from the root: node i has children 2i+1 and 2i+2.
 */
public final class MerkleTree {
    public static final int DEFAULT_DEPTH = 10;
    public static final int MAX_DEPTH = 16;

    private final int depth;
    private final long[] nodes;

    private MerkleTree(int depth, long[] nodes) {
        this.depth = depth;
        this.nodes = nodes;
    }

    /** Ranges of a pass that keep the full depth; past them, fewer leaves per range. */
    static final int FULL_DEPTH_RANGES = 4;
    /** Below this a tree tells too little to narrow a difference down. */
    static final int MIN_DEPTH = 4;

    /**
     * The depth for a pass over {@code ranges} ranges: {@code depth} for a few ranges (one token per
     * node), one level less each time the count doubles beyond, so a pass over the 150 or so ranges a
     * node of 256 partitions replicates sends trees of 31 hashes instead of 2,047, and about as many
     * leaves in all as a pass over 4 ranges at full depth (leaves of about the same width of the ring).
     */
    public static int depthFor(int ranges, int depth) {
        int halvings = 0;
        while (ranges > FULL_DEPTH_RANGES << halvings) {
            halvings++;
        }
        return Math.max(Math.min(depth, MIN_DEPTH), depth - halvings);
    }

    public static Builder builder(KeyRange range, int depth) {
        return new Builder(range, depth);
    }

    /** The tree a peer sent; its size must match {@code depth}. */
    public static MerkleTree fromFlat(List<Long> flat, int depth) {
        checkDepth(depth);
        if (flat.size() != size(depth)) {
            throw new IllegalArgumentException("a depth-" + depth + " tree has " + size(depth) + " nodes, got "
                    + flat.size());
        }
        return new MerkleTree(depth, flat.stream().mapToLong(Long::longValue).toArray());
    }

    public List<Long> toFlat() {
        return Arrays.stream(nodes).boxed().toList();
    }

    public int depth() {
        return depth;
    }

    public long root() {
        return nodes[0];
    }

    public long leaf(int bucket) {
        return nodes[firstLeaf(depth) + bucket];
    }

    /** The buckets whose leaves differ, ascending; only differing subtrees are visited. */
    public static List<Integer> differingLeaves(MerkleTree a, MerkleTree b) {
        if (a.depth != b.depth) {
            throw new IllegalArgumentException("trees of depth " + a.depth + " and " + b.depth);
        }
        List<Integer> leaves = new ArrayList<>();
        walk(a, b, 0, leaves);
        return leaves;
    }

    private static void walk(MerkleTree a, MerkleTree b, int node, List<Integer> out) {
        if (a.nodes[node] == b.nodes[node]) {
            return;
        }
        int firstLeaf = firstLeaf(a.depth);
        if (node >= firstLeaf) {
            out.add(node - firstLeaf);
            return;
        }
        walk(a, b, 2 * node + 1, out);
        walk(a, b, 2 * node + 2, out);
    }

    private static int size(int depth) {
        return (2 << depth) - 1;
    }

    private static int firstLeaf(int depth) {
        return (1 << depth) - 1;
    }

    private static void checkDepth(int depth) {
        if (depth < 0 || depth > MAX_DEPTH) {
            throw new IllegalArgumentException("depth must be in [0, " + MAX_DEPTH + "], got " + depth);
        }
    }

    /** Collects a range's entries, which must arrive in key order (as a storage scan yields them). */
    public static final class Builder {
        private final KeyRange range;
        private final int depth;
        private final long[] nodes;
        private final EntryHash hash = new EntryHash();

        private Builder(KeyRange range, int depth) {
            checkDepth(depth);
            this.range = range;
            this.depth = depth;
            this.nodes = new long[size(depth)];
        }

        public KeyRange range() {
            return range;
        }

        /** Adds a key at ring {@code position}; keys outside the range are ignored. */
        public Builder add(long position, byte[] key, List<Versioned> versions) {
            if (range.contains(position)) {
                int leaf = firstLeaf(depth) + range.bucketOf(position, depth);
                nodes[leaf] = hash.combine(nodes[leaf], hash.ofEntry(key, versions));
            }
            return this;
        }

        public MerkleTree build() {
            long[] tree = nodes.clone();
            for (int i = firstLeaf(depth) - 1; i >= 0; i--) {
                tree[i] = hash.combine(tree[2 * i + 1], tree[2 * i + 2]);
            }
            return new MerkleTree(depth, tree);
        }
    }
}
