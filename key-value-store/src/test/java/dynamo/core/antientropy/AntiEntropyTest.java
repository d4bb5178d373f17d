package dynamo.core.antientropy;

import static dynamo.core.antientropy.Peers.key;
import static dynamo.core.antientropy.Peers.tombstone;
import static dynamo.core.antientropy.Peers.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dynamo.core.ring.Ring;
import dynamo.core.ring.RingLayout;
import dynamo.core.version.ClockEntry;
import dynamo.core.version.ConflictMode;
import dynamo.core.version.VectorClock;
import dynamo.core.version.Version;
import dynamo.core.version.Versioned;
import dynamo.core.version.WriteTag;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Anti-entropy between three replicas of every key, without the rest of a node (see {@link Peers}). */
class AntiEntropyTest {
    private static final long HOUR = 3_600_000;
    private Peers peers;

    @AfterEach
    void close() throws Exception {
        if (peers != null) {
            peers.close();
        }
    }

    private static long sync(AntiEntropy antiEntropy) throws Exception {
        return antiEntropy.syncAll().get(30, TimeUnit.SECONDS);
    }

    private static long now() {
        return System.currentTimeMillis();
    }

    @Test
    void aReplicaMissingKeysGetsThemFromOnePassThatScansItsStoreOnceForTrees() throws Exception {
        peers = new Peers(HOUR);
        long t = now();
        IntStream.range(0, 300).forEach(i -> peers.store(key(i), List.of(value("v" + i, 1, "b", t)), "b", "c"));

        long repairs = sync(peers.antiEntropy("a"));

        assertThat(repairs).isEqualTo(300);
        IntStream.range(0, 300).forEach(i -> assertThat(peers.storage("a").get(key(i)))
                .isEqualTo(peers.storage("b").get(key(i))));
        assertThat(peers.storage("a").scans()).as("one scan for all trees, one for the differing leaves").isEqualTo(2);
        PassResult pass = peers.antiEntropy("a").lastPass();
        assertThat(pass.pulled()).isEqualTo(300);
        assertThat(pass.pushed()).isZero();
        assertThat(pass.peersAnswered()).isEqualTo(2);
    }

    @Test
    void overTheManyRangesOfAPartitionedRingAPassRepairsWithShallowTrees() throws Exception {
        Ring partitioned = new RingLayout.Partitions(256, 3).ringOf(Peers.IDS);
        peers = new Peers(partitioned, ConflictMode.LINEARIZABLE, HOUR, MerkleTree.DEFAULT_DEPTH, HOUR);
        long t = now();
        IntStream.range(0, 300).forEach(i -> peers.store(key(i), List.of(value("v" + i, 1, "b", t)), "b", "c"));

        assertThat(sync(peers.antiEntropy("a"))).isEqualTo(300);

        int ranges = RingRanges.of(partitioned, 3).size();
        assertThat(ranges).isGreaterThan(128);
        assertThat(peers.antiEntropy("a").merkleRequestsSent()).isEqualTo(2L * ranges);
        assertThat(MerkleTree.depthFor(ranges, MerkleTree.DEFAULT_DEPTH)).isEqualTo(4);
        IntStream.range(0, 300).forEach(i -> assertThat(peers.storage("a").get(key(i)))
                .isEqualTo(peers.storage("b").get(key(i))));
    }

    @Test
    void equalReplicasExchangeTreesButNoBuckets() throws Exception {
        peers = new Peers(HOUR);
        long t = now();
        IntStream.range(0, 300).forEach(i -> peers.store(key(i), List.of(value("v" + i, 1, "b", t)), "a", "b", "c"));

        assertThat(sync(peers.antiEntropy("a"))).isZero();

        AntiEntropy a = peers.antiEntropy("a");
        assertThat(a.merkleRequestsSent()).as("3 ranges x 2 peers").isEqualTo(6);
        assertThat(a.bucketRequestsSent()).isZero();
        assertThat(a.lastPass().differingBuckets()).isZero();
        assertThat(peers.storage("a").scans()).isEqualTo(1);
    }

    @Test
    void aNewerLocalVersionIsPushedToBothPeers() throws Exception {
        peers = new Peers(HOUR);
        long t = now();
        IntStream.range(0, 100).forEach(i -> peers.store(key(i), List.of(value("old", 1, "b", t)), "a", "b", "c"));
        IntStream.range(0, 50).forEach(i -> peers.store(key(i), List.of(value("new", 2, "a", t)), "a"));

        assertThat(sync(peers.antiEntropy("a"))).isEqualTo(100);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> IntStream.range(0, 50).forEach(i -> {
            assertThat(peers.storage("b").get(key(i))).extracting(Versioned::tag)
                    .containsExactly(new WriteTag(2, "a", 2));
            assertThat(peers.storage("c").get(key(i))).extracting(Versioned::tag)
                    .containsExactly(new WriteTag(2, "a", 2));
        }));
        assertThat(peers.storage("a").get(key(70))).extracting(Versioned::tag).containsExactly(new WriteTag(1, "b", 1));
    }

    @Test
    void concurrentSiblingsEndUpOnEveryReplica() throws Exception {
        peers = new Peers(ConflictMode.SIBLINGS, HOUR, MerkleTree.DEFAULT_DEPTH, HOUR);
        Versioned fromA = sibling("x", "a");
        Versioned fromB = sibling("y", "b");
        peers.store(key(1), List.of(fromA), "a", "c");
        peers.store(key(1), List.of(fromB), "b");

        sync(peers.antiEntropy("a"));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(peers.storage("a").get(key(1))).containsExactlyInAnyOrder(fromA, fromB);
            assertThat(peers.storage("b").get(key(1))).containsExactlyInAnyOrder(fromA, fromB);
        });
        assertThat(peers.storage("c").get(key(1))).as("a's trees matched c's when the pass began")
                .containsExactly(fromA);
        sync(peers.antiEntropy("c"));
        assertThat(peers.storage("c").get(key(1))).containsExactlyInAnyOrder(fromA, fromB);
    }

    @Test
    void expiredTombstonesAreCollectedOnEveryReplicaAndDoNotComeBack() throws Exception {
        peers = new Peers(300);
        long t = now();
        IntStream.range(0, 20).forEach(i -> peers.store(key(i), List.of(tombstone(2, "a", t)), "a", "b", "c"));
        IntStream.range(20, 40).forEach(i -> peers.store(key(i), List.of(value("live", 1, "a", t)), "a", "b", "c"));

        sync(peers.antiEntropy("a"));
        assertThat(peers.antiEntropy("a").tombstonesCollected()).as("within the grace").isZero();

        Thread.sleep(400);
        sync(peers.antiEntropy("a"));
        assertThat(peers.antiEntropy("a").tombstonesCollected()).isEqualTo(20);
        assertThat(peers.storage("a").count()).isEqualTo(20);
        assertThat(peers.storage("b").count()).as("b still holds its expired tombstones").isEqualTo(40);

        sync(peers.antiEntropy("b"));
        sync(peers.antiEntropy("c"));
        sync(peers.antiEntropy("a"));
        for (String id : Peers.IDS) {
            assertThat(peers.storage(id).count()).as(id).isEqualTo(20);
            IntStream.range(0, 20).forEach(i -> assertThat(peers.storage(id).get(key(i))).isEmpty());
            assertThat(peers.antiEntropy(id).tombstonesCollected()).isEqualTo(20);
        }
        assertThat(peers.antiEntropy("a").repairs()).isZero();
    }

    @Test
    void aCollectedTombstoneIsNotCopiedBackEvenWhenItsLeafDiffers() throws Exception {
        peers = new Peers(ConflictMode.LINEARIZABLE, 300, 0, HOUR);
        long old = now() - 10_000;
        byte[] sameRange = IntStream.range(2, 100).mapToObj(Peers::key)
                .filter(k -> peers.ring.preferenceList(k, 1).equals(peers.ring.preferenceList(key(1), 1)))
                .findFirst().orElseThrow();
        peers.store(key(1), List.of(tombstone(2, "b", old)), "b", "c");
        peers.store(sameRange, List.of(value("only on b and c", 1, "b", now())), "b", "c");

        assertThat(sync(peers.antiEntropy("a"))).isEqualTo(1);

        assertThat(peers.storage("a").get(sameRange)).hasSize(1);
        assertThat(peers.storage("a").get(key(1))).as("the single leaf differed, yet the tombstone stayed away")
                .isEmpty();
        assertThat(peers.antiEntropy("a").lastPass().differingBuckets()).isEqualTo(2);
    }

    @Test
    void anExpiredTombstoneStillDeletesAnOlderValueAPeerMissedTheDeleteFor() throws Exception {
        peers = new Peers(300);
        long old = now() - 10_000;
        peers.store(key(1), List.of(value("before the delete", 1, "a", old)), "a", "b", "c");
        peers.store(key(1), List.of(tombstone(2, "a", old)), "a", "c");

        sync(peers.antiEntropy("a"));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(peers.storage("b").get(key(1)))
                .allMatch(Versioned::isTombstone));
        assertThat(peers.storage("a").get(key(1))).as("collected after the repair").isEmpty();
        sync(peers.antiEntropy("b"));
        sync(peers.antiEntropy("c"));
        sync(peers.antiEntropy("a"));
        for (String id : Peers.IDS) {
            assertThat(peers.storage(id).get(key(1))).as(id).isEmpty();
        }
    }

    @Test
    void startingCatchesUpWithoutBeingAsked() {
        peers = new Peers(ConflictMode.LINEARIZABLE, HOUR, MerkleTree.DEFAULT_DEPTH, HOUR);
        long t = now();
        IntStream.range(0, 200).forEach(i -> peers.store(key(i), List.of(value("v", 1, "b", t)), "b", "c"));

        peers.antiEntropy("a").start();

        await().atMost(Duration.ofSeconds(10)).until(() -> peers.storage("a").count() == 200);
        assertThat(peers.antiEntropy("a").repairs()).isEqualTo(200);
    }

    @Test
    void periodicPassesCompareEachPairOfReplicasFromOneSideAndStillRepairBothWays() {
        peers = new Peers(ConflictMode.LINEARIZABLE, HOUR, MerkleTree.DEFAULT_DEPTH, 100);
        Peers.IDS.forEach(id -> peers.antiEntropy(id).start());
        await().atMost(Duration.ofSeconds(10)).until(() -> Peers.IDS.stream()
                .allMatch(id -> peers.antiEntropy(id).lastPass() != null));
        long t = now();
        IntStream.range(0, 100).forEach(i -> peers.store(key(i), List.of(value("v" + i, 1, "b", t)), "b", "c"));

        await().atMost(Duration.ofSeconds(10)).until(() -> peers.storage("a").count() == 100);
        int pairs = 0;
        for (String id : Peers.IDS) {
            long starts = Peers.IDS.stream().filter(p -> !p.equals(id) && AntiEntropy.startsPeriodicExchange(id, p)).count();
            pairs += (int) starts;
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(peers.antiEntropy(id).lastPass().peersAnswered()).as(id).isEqualTo((int) starts));
        }
        assertThat(pairs).as("each of the 3 pairs from one side").isEqualTo(3);
    }

    @Test
    void ofFiveNodesEachStartsTwoOfItsFourExchanges() {
        List<String> ids = List.of("node1", "node2", "node3", "node4", "node5");
        for (String id : ids) {
            for (String peer : ids) {
                if (!peer.equals(id)) {
                    assertThat(AntiEntropy.startsPeriodicExchange(id, peer)).as(id + " and " + peer)
                            .isNotEqualTo(AntiEntropy.startsPeriodicExchange(peer, id));
                }
            }
            assertThat(ids.stream().filter(p -> !p.equals(id) && AntiEntropy.startsPeriodicExchange(id, p))).hasSize(2);
        }
    }

    @Test
    void tenThousandMissedKeys() throws Exception {
        peers = new Peers(HOUR);
        long t = now();
        IntStream.range(0, 10_000).forEach(i -> peers.store(key(i), List.of(value("v" + i, 1, "b", t)), "b", "c"));

        long started = System.nanoTime();
        long repairs = sync(peers.antiEntropy("a"));
        long millis = (System.nanoTime() - started) / 1_000_000;

        System.out.printf("anti-entropy (3 peers, no other load): syncAll repaired %d missed keys in %d ms; %s;"
                + " store scans a/b/c: %d/%d/%d%n", repairs, millis, peers.antiEntropy("a").lastPass(),
                peers.storage("a").scans(), peers.storage("b").scans(), peers.storage("c").scans());
        assertThat(repairs).isEqualTo(10_000);
        assertThat(peers.storage("a").count()).isEqualTo(10_000);
    }

    private static Versioned sibling(String value, String node) {
        VectorClock clock = new VectorClock(List.of(new ClockEntry(node, 1, now())));
        return new Versioned(value.getBytes(), new Version(clock, new WriteTag(1, node, 1)));
    }
}
