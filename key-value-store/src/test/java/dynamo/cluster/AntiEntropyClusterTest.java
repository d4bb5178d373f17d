package dynamo.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dynamo.core.antientropy.AntiEntropy;
import dynamo.core.handoff.InMemoryHintStore;
import dynamo.core.message.ClientResponse.Status;
import dynamo.core.storage.KeyState;
import dynamo.core.version.Ballot;
import dynamo.core.version.BallotClock;
import dynamo.core.version.ClockEntry;
import dynamo.core.version.VectorClock;
import dynamo.core.version.Version;
import dynamo.core.version.VersionResolver;
import dynamo.core.version.Versioned;
import dynamo.core.version.WriteTag;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Anti-entropy in the five-node in-process cluster (N=3, anti-entropy every second, tombstone grace
 * one minute). Hints are cleared before a crashed node returns, so only anti-entropy can repair it.
 */
class AntiEntropyClusterTest {
    private static final int CRASHED = 1;
    @AutoClose
    private final InProcessCluster cluster = InProcessCluster.standard();

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The first {@code count} keys of the form prefix-i that node {@code index} replicates. */
    private List<byte[]> keysOf(int index, String prefix, int count) {
        return IntStream.iterate(0, i -> i + 1).mapToObj(i -> bytes(prefix + "-" + i))
                .filter(k -> replicas(k).contains(index)).limit(count).toList();
    }

    private List<Integer> replicas(byte[] key) {
        return cluster.ring.preferenceList(key, 3).stream().map(cluster::indexOf).toList();
    }

    /** A live node other than the crashed one, to send client requests through. */
    private static int via(int i) {
        return i % 2 == 0 ? 0 : 2;
    }

    private long sync(int node) throws Exception {
        return cluster.node(node).antiEntropy().syncAll().get(60, TimeUnit.SECONDS);
    }

    private long sum(ToLongFunction<AntiEntropy> counter) {
        return IntStream.range(0, cluster.size()).mapToLong(i -> counter.applyAsLong(cluster.node(i).antiEntropy()))
                .sum();
    }

    /** Lets late hint writes land, then drops every hint, so that only anti-entropy can repair. */
    private void clearHints() throws InterruptedException {
        Thread.sleep(300);
        for (int i = 0; i < cluster.size(); i++) {
            InMemoryHintStore hints = cluster.hints(i);
            for (String target : hints.targets()) {
                hints.forTarget(target, Integer.MAX_VALUE).forEach(hints::removeIfUnchanged);
            }
        }
        assertThat(IntStream.range(0, cluster.size()).mapToLong(i -> cluster.hints(i).count()).sum()).isZero();
    }

    private void awaitOnAllReplicas(List<byte[]> keys) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (byte[] key : keys) {
                List<Integer> replicas = replicas(key);
                List<Versioned> first = cluster.storage(replicas.get(0)).get(key);
                assertThat(first).isNotEmpty();
                for (int r : replicas) {
                    assertThat(VersionResolver.sameVersions(cluster.storage(r).get(key), first)).isTrue();
                }
            }
        });
    }

    /** {@code count} keys node CRASHED replicates, holding {@code value} on all their replicas; then CRASHED crashes. */
    private List<byte[]> writtenEverywhereThenCrashed(String prefix, int count, String value) {
        List<byte[]> keys = keysOf(CRASHED, prefix, count);
        keys.forEach(k -> cluster.put(0, k, bytes(value)));
        awaitOnAllReplicas(keys);
        cluster.crash(CRASHED);
        return keys;
    }

    @Test
    void aReplicaThatMissedWritesWhileCrashedHoldsThemAfterSyncAll() throws Exception {
        List<byte[]> keys = keysOf(CRASHED, "missed", 500);
        cluster.crash(CRASHED);
        for (int i = 0; i < keys.size(); i++) {
            assertThat(cluster.put(via(i), keys.get(i), bytes("v" + i)).status()).isEqualTo(Status.WRITTEN);
        }
        clearHints();
        assertThat(keys).allMatch(k -> cluster.storage(CRASHED).get(k).isEmpty());

        cluster.restart(CRASHED);
        sync(CRASHED);

        for (int i = 0; i < keys.size(); i++) {
            List<Versioned> held = cluster.storage(CRASHED).get(keys.get(i));
            assertThat(held).as("key %d", i).hasSize(1);
            assertThat(new String(held.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("v" + i);
        }
        assertThat(sum(AntiEntropy::repairs)).isGreaterThanOrEqualTo(500);
    }

    @Test
    void aNewerVersionOnlyTheRestartedNodeHoldsReachesTheOtherReplicas() throws Exception {
        List<byte[]> keys = writtenEverywhereThenCrashed("newer", 100, "old");
        String self = cluster.id(CRASHED);
        for (byte[] key : keys) {
            // as if only this replica had accepted a newer value before it crashed
            cluster.storage(CRASHED).updateState(key, current -> {
                Ballot newer = new BallotClock(self).above(current.promised(), System.currentTimeMillis());
                return new KeyState(newer, newer, List.of(new Versioned(bytes("newer"),
                        new Version(VersionResolver.mergedClock(current.versions()).increment(self, System.currentTimeMillis()),
                                WriteTag.after(VersionResolver.highestTag(current.versions()), self, 1)))));
            });
        }

        cluster.restart(CRASHED);
        sync(CRASHED);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            for (byte[] key : keys) {
                for (int r : replicas(key)) {
                    assertThat(cluster.storage(r).get(key))
                            .extracting(v -> new String(v.value(), StandardCharsets.UTF_8)).containsExactly("newer");
                }
            }
        });
        assertThat(new String(cluster.get(3, keys.get(0)).versions().get(0).value(), StandardCharsets.UTF_8))
                .isEqualTo("newer");
    }

    @Test
    void aDeleteMissedWhileCrashedIsRepairedAndTheKeyStaysDeleted() throws Exception {
        List<byte[]> keys = writtenEverywhereThenCrashed("deleted", 50, "alive");
        keys.forEach(k -> assertThat(cluster.put(2, k, null).status()).isEqualTo(Status.WRITTEN));
        clearHints();

        cluster.restart(CRASHED);
        sync(CRASHED);

        for (byte[] key : keys) {
            assertThat(cluster.storage(CRASHED).get(key)).isNotEmpty().allMatch(Versioned::isTombstone);
            for (int via = 0; via < cluster.size(); via++) {
                assertThat(cluster.get(via, key).status()).isEqualTo(Status.NOT_FOUND);
            }
        }
    }

    @Test
    void tombstonesOlderThanTheGraceAreCollectedOnEveryReplicaAndTheKeysStayGone() throws Exception {
        List<byte[]> deleted = IntStream.range(0, 50).mapToObj(i -> bytes("gone-" + i)).toList();
        List<byte[]> kept = IntStream.range(0, 50).mapToObj(i -> bytes("kept-" + i)).toList();
        deleted.forEach(k -> cluster.put(0, k, bytes("soon deleted")));
        kept.forEach(k -> cluster.put(0, k, bytes("kept")));
        deleted.forEach(k -> assertThat(cluster.put(4, k, null).status()).isEqualTo(Status.WRITTEN));
        awaitOnAllReplicas(Stream.concat(deleted.stream(), kept.stream()).toList());
        ageTombstonesPastTheGrace(deleted);

        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < cluster.size(); i++) {
                sync(i);
            }
        }
        Thread.sleep(1_500);

        assertThat(sum(AntiEntropy::tombstonesCollected)).isEqualTo(150);
        for (byte[] key : deleted) {
            for (int i = 0; i < cluster.size(); i++) {
                assertThat(cluster.storage(i).get(key)).as("node %d", i).isEmpty();
            }
            assertThat(cluster.get(1, key).status()).isEqualTo(Status.NOT_FOUND);
        }
        kept.forEach(k -> assertThat(cluster.get(3, k).status()).isEqualTo(Status.FOUND));
    }

    /** Time travel: moves the deletes' clock timestamps and ballots two grace periods (of one minute) back. */
    private void ageTombstonesPastTheGrace(List<byte[]> keys) {
        for (int i = 0; i < cluster.size(); i++) {
            for (byte[] key : keys) {
                cluster.storage(i).updateState(key, current -> new KeyState(aged(current.promised()),
                        aged(current.accepted()), current.versions().stream().map(v -> Versioned.tombstone(new Version(
                        new VectorClock(v.clock().entries().stream()
                                .map(e -> new ClockEntry(e.nodeId(), e.counter(), e.timestamp() - 120_000)).toList()),
                        v.tag()))).toList()));
            }
        }
    }

    private static Ballot aged(Ballot b) {
        return b.isZero() ? b : new Ballot(b.counter() - 120_000_000L, b.nodeId());
    }

    @Test
    void equalReplicasExchangeTreesButNoBuckets() throws Exception {
        List<byte[]> keys = IntStream.range(0, 300).mapToObj(i -> bytes("same-" + i)).toList();
        keys.forEach(k -> cluster.put(3, k, bytes("v")));
        awaitOnAllReplicas(keys);
        // under a loaded machine a round may have been re-run (same version, newer ballot) on some
        // replicas only: let one pass settle such leftovers first, then expect silence
        for (int i = 0; i < cluster.size(); i++) {
            sync(i);
        }
        long merkleBefore = sum(AntiEntropy::merkleRequestsSent);
        long bucketsBefore = sum(AntiEntropy::bucketRequestsSent);
        long repairsBefore = sum(AntiEntropy::repairs);

        for (int i = 0; i < cluster.size(); i++) {
            assertThat(sync(i)).isZero();
        }

        assertThat(sum(AntiEntropy::merkleRequestsSent) - merkleBefore).as("every node compared its ranges")
                .isGreaterThanOrEqualTo(5 * 3 * 2);
        assertThat(sum(AntiEntropy::bucketRequestsSent) - bucketsBefore).isZero();
        assertThat(sum(AntiEntropy::repairs) - repairsBefore).isZero();
    }

    @Test
    void tenThousandMissedKeys() throws Exception {
        List<byte[]> keys = keysOf(CRASHED, "bulk", 10_000);
        cluster.crash(CRASHED);
        long now = System.currentTimeMillis();
        for (int i = 0; i < keys.size(); i++) {
            byte[] key = keys.get(i);
            List<Integer> others = replicas(key).stream().filter(r -> r != CRASHED).toList();
            String writer = cluster.id(others.get(0));
            List<Versioned> written = List.of(new Versioned(bytes("v" + i),
                    new Version(VectorClock.EMPTY.increment(writer, now), new WriteTag(1, writer, i + 1))));
            Ballot accepted = new Ballot(now * 1000 + i, writer);
            others.forEach(r -> cluster.storage(r).updateState(key, current -> new KeyState(accepted, accepted, written)));
        }
        clearHints();

        long started = System.nanoTime();
        cluster.restart(CRASHED);
        sync(CRASHED);
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(keys).allMatch(k -> cluster.storage(CRASHED).get(k).size() == 1);
        System.out.printf("anti-entropy (5-node in-process cluster): restart + syncAll held all %d missed keys after"
                + " %d ms; repairs by the restarted node %d, by all nodes %d; its last pass %s%n", keys.size(), millis,
                cluster.node(CRASHED).antiEntropy().repairs(), sum(AntiEntropy::repairs),
                cluster.node(CRASHED).antiEntropy().lastPass());
    }
}
