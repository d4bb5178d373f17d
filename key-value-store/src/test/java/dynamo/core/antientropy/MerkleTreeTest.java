package dynamo.core.antientropy;

import static dynamo.core.antientropy.Peers.tombstone;
import static dynamo.core.antientropy.Peers.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dynamo.core.ring.RingHash;
import dynamo.core.storage.StoredEntry;
import dynamo.core.version.Versioned;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {
    private static final KeyRange WHOLE = new KeyRange(0, 0);

    /** 500 keys in key order, as a scan yields them. */
    private static List<StoredEntry> entries(UnaryOperator<StoredEntry> change) {
        List<StoredEntry> entries = new ArrayList<>(IntStream.range(0, 500)
                .mapToObj(i -> new StoredEntry(("key-" + i).getBytes(StandardCharsets.UTF_8),
                        List.of(value("v" + i, i + 1, "n1", 1_000L))))
                .map(change).toList());
        entries.sort((x, y) -> Arrays.compareUnsigned(x.key(), y.key()));
        return entries;
    }

    private static MerkleTree tree(KeyRange range, int depth, List<StoredEntry> entries) {
        MerkleTree.Builder builder = MerkleTree.builder(range, depth);
        entries.forEach(e -> builder.add(RingHash.of(e.key()), e.key(), e.versions()));
        return builder.build();
    }

    private static StoredEntry withVersions(StoredEntry e, Versioned... versions) {
        return new StoredEntry(e.key(), List.of(versions));
    }

    @Test
    void equalDataGivesEqualTreesAndNoDifference() {
        MerkleTree a = tree(WHOLE, 10, entries(e -> e));
        MerkleTree b = tree(WHOLE, 10, entries(e -> e));
        assertThat(a.root()).isEqualTo(b.root()).isNotZero();
        assertThat(a.toFlat()).isEqualTo(b.toFlat()).hasSize(2047);
        assertThat(MerkleTree.differingLeaves(a, b)).isEmpty();
    }

    @Test
    void oneChangedKeyChangesExactlyItsLeaf() {
        byte[] changed = "key-42".getBytes(StandardCharsets.UTF_8);
        MerkleTree a = tree(WHOLE, 10, entries(e -> e));
        MerkleTree b = tree(WHOLE, 10, entries(e -> Arrays.equals(e.key(), changed)
                ? withVersions(e, value("newer", 1_000, "n2", 2_000L)) : e));
        assertThat(a.root()).isNotEqualTo(b.root());
        assertThat(MerkleTree.differingLeaves(a, b)).containsExactly(WHOLE.bucketOf(RingHash.of(changed), 10));
    }

    @Test
    void aMissingKeyIsFoundTheSameWay() {
        byte[] missing = "key-7".getBytes(StandardCharsets.UTF_8);
        MerkleTree full = tree(WHOLE, 8, entries(e -> e));
        MerkleTree lacking = tree(WHOLE, 8, entries(e -> e).stream()
                .filter(e -> !Arrays.equals(e.key(), missing)).toList());
        assertThat(MerkleTree.differingLeaves(full, lacking)).containsExactly(WHOLE.bucketOf(RingHash.of(missing), 8));
    }

    @Test
    void theTombstoneFlagCountsButSiblingOrderDoesNot() {
        StoredEntry live = new StoredEntry(new byte[] {1}, List.of(value("x", 5, "n1", 1L)));
        StoredEntry dead = new StoredEntry(new byte[] {1}, List.of(tombstone(5, "n1", 1L)));
        assertThat(tree(WHOLE, 4, List.of(live)).root()).isNotEqualTo(tree(WHOLE, 4, List.of(dead)).root());

        Versioned one = value("x", 5, "n1", 1L);
        Versioned two = value("y", 6, "n2", 1L);
        StoredEntry ab = new StoredEntry(new byte[] {1}, List.of(one, two));
        StoredEntry ba = new StoredEntry(new byte[] {1}, List.of(two, one));
        assertThat(tree(WHOLE, 4, List.of(ab)).root()).isEqualTo(tree(WHOLE, 4, List.of(ba)).root());
    }

    @Test
    void emptyTreesAreAllZeroAndEqual() {
        MerkleTree empty = tree(new KeyRange(10, 20), 10, List.of());
        assertThat(empty.root()).isZero();
        assertThat(empty.toFlat()).containsOnly(0L);
        assertThat(MerkleTree.differingLeaves(empty, tree(new KeyRange(10, 20), 10, List.of()))).isEmpty();
        MerkleTree one = tree(WHOLE, 10, entries(e -> e).subList(0, 1));
        assertThat(MerkleTree.differingLeaves(empty, one)).hasSize(1);
    }

    @Test
    void keysOutsideTheRangeAreIgnored() {
        KeyRange narrow = new KeyRange(0, Long.MAX_VALUE);
        List<StoredEntry> all = entries(e -> e);
        List<StoredEntry> inside = all.stream().filter(e -> narrow.contains(RingHash.of(e.key()))).toList();
        assertThat(inside).hasSizeBetween(100, 400);
        assertThat(tree(narrow, 10, all).toFlat()).isEqualTo(tree(narrow, 10, inside).toFlat());
    }

    @Test
    void aWrappingRangeCoversBothSidesOfZero() {
        KeyRange wrapping = new KeyRange(-(1L << 62), 1L << 62);
        List<StoredEntry> all = entries(e -> e);
        List<StoredEntry> inside = all.stream().filter(e -> wrapping.contains(RingHash.of(e.key()))).toList();
        assertThat(inside).as("keys on both sides of the wrap point").anyMatch(e -> RingHash.of(e.key()) < 0)
                .anyMatch(e -> RingHash.of(e.key()) > 0);
        StoredEntry belowZero = inside.stream().filter(e -> RingHash.of(e.key()) < 0).findFirst().orElseThrow();
        StoredEntry aboveZero = inside.stream().filter(e -> RingHash.of(e.key()) > 0).findFirst().orElseThrow();
        MerkleTree base = tree(wrapping, 10, all);
        for (StoredEntry changed : List.of(belowZero, aboveZero)) {
            MerkleTree other = tree(wrapping, 10, all.stream().filter(e -> e != changed).toList());
            assertThat(MerkleTree.differingLeaves(base, other))
                    .containsExactly(wrapping.bucketOf(RingHash.of(changed.key()), 10));
        }
        assertThat(wrapping.bucketOf(RingHash.of(belowZero.key()), 10))
                .isLessThan(wrapping.bucketOf(RingHash.of(aboveZero.key()), 10));
    }

    @Test
    void aTreeSurvivesItsFlatFormAndRejectsAWrongSize() {
        MerkleTree tree = tree(WHOLE, 6, entries(e -> e));
        MerkleTree copy = MerkleTree.fromFlat(tree.toFlat(), 6);
        assertThat(MerkleTree.differingLeaves(tree, copy)).isEmpty();
        assertThat(copy.leaf(3)).isEqualTo(tree.leaf(3));
        assertThatThrownBy(() -> MerkleTree.fromFlat(tree.toFlat(), 7)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MerkleTree.fromFlat(List.of(), 17)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void differingLeavesAreExactlyTheLeavesWhoseHashesDiffer() {
        MerkleTree a = tree(WHOLE, 10, entries(e -> e));
        MerkleTree b = tree(WHOLE, 10, entries(e -> e.key()[4] == '9'
                ? withVersions(e, tombstone(9_999, "n3", 5L)) : e));
        List<Integer> differing = MerkleTree.differingLeaves(a, b);
        List<Integer> byLeaf = IntStream.range(0, 1024).filter(i -> a.leaf(i) != b.leaf(i)).boxed().toList();
        assertThat(differing).isEqualTo(byLeaf).isNotEmpty();
    }

    @Test
    void aPassOverManyRangesUsesShallowerTrees() {
        assertThat(MerkleTree.depthFor(1, 10)).isEqualTo(10);
        assertThat(MerkleTree.depthFor(4, 10)).isEqualTo(10);
        assertThat(MerkleTree.depthFor(5, 10)).isEqualTo(9);
        assertThat(MerkleTree.depthFor(154, 10)).isEqualTo(4);
        assertThat(MerkleTree.depthFor(4096, 10)).isEqualTo(4);
        assertThat(MerkleTree.depthFor(154, 2)).as("never deeper than asked").isEqualTo(2);
    }
}
