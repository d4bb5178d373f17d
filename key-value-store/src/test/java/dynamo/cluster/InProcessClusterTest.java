package dynamo.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dynamo.core.message.ClientResponse;
import dynamo.core.message.ClientResponse.Status;
import dynamo.core.operation.Quorum;
import dynamo.core.scan.GlobalScan;
import dynamo.core.storage.StoredEntry;
import dynamo.core.version.ConflictMode;
import dynamo.core.version.VersionResolver;
import dynamo.core.version.Versioned;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Tier 2: five real core nodes in one JVM over an in-memory network with fault injection. */
class InProcessClusterTest {
    @AutoClose
    private InProcessCluster cluster = InProcessCluster.standard();

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(ClientResponse r) {
        assertThat(r.status()).isEqualTo(Status.FOUND);
        assertThat(r.versions()).hasSize(1);
        return new String(r.versions().get(0).value(), StandardCharsets.UTF_8);
    }

    @Test
    void writesThroughEveryNodeAreReadThroughEveryNode() {
        for (int via = 0; via < 5; via++) {
            assertThat(cluster.put(via, bytes("k" + via), bytes("v" + via)).status()).isEqualTo(Status.WRITTEN);
        }
        for (int key = 0; key < 5; key++) {
            for (int via = 0; via < 5; via++) {
                assertThat(text(cluster.get(via, bytes("k" + key)))).isEqualTo("v" + key);
            }
        }
    }

    @Test
    void overwriteAndDelete() {
        cluster.put(0, bytes("k"), bytes("one"));
        cluster.put(3, bytes("k"), bytes("two"));
        assertThat(text(cluster.get(1, bytes("k")))).isEqualTo("two");
        assertThat(cluster.put(2, bytes("k"), null).status()).isEqualTo(Status.WRITTEN);
        for (int via = 0; via < 5; via++) {
            assertThat(cluster.get(via, bytes("k")).status()).isEqualTo(Status.NOT_FOUND);
        }
    }

    @Test
    void everyKeyLivesOnExactlyItsPreferenceList() {
        for (int i = 0; i < 100; i++) {
            cluster.put(i % 5, bytes("key-" + i), bytes("v"));
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            for (int i = 0; i < 100; i++) {
                byte[] key = bytes("key-" + i);
                Set<String> holders = new HashSet<>();
                for (int n = 0; n < 5; n++) {
                    if (!cluster.storage(n).get(key).isEmpty()) {
                        holders.add(cluster.id(n));
                    }
                }
                assertThat(holders).containsExactlyInAnyOrderElementsOf(cluster.ring.preferenceList(key, 3));
            }
        });
    }

    @Test
    void withOneNodeDownEveryOperationSucceedsThroughTheOthers() {
        for (int i = 0; i < 50; i++) {
            cluster.put(0, bytes("key-" + i), bytes("old-" + i));
        }
        cluster.crash(2);
        for (int i = 0; i < 50; i++) {
            int via = List.of(0, 1, 3, 4).get(i % 4);
            assertThat(cluster.put(via, bytes("key-" + i), bytes("new-" + i)).status()).isEqualTo(Status.WRITTEN);
        }
        for (int i = 0; i < 50; i++) {
            for (int via : List.of(0, 1, 3, 4)) {
                assertThat(text(cluster.get(via, bytes("key-" + i)))).isEqualTo("new-" + i);
            }
        }
    }

    @Test
    void hintedWritesReachTheRestartedReplica() {
        cluster.crash(1);
        List<byte[]> missed = new ArrayList<>();
        for (int i = 0; missed.size() < 30; i++) {
            byte[] key = bytes("hinted-" + i);
            if (cluster.ring.preferenceList(key, 3).contains("node2")) {
                missed.add(key);
                assertThat(cluster.put(0, key, bytes("v" + i)).status()).isEqualTo(Status.WRITTEN);
            }
        }
        long hintsKept = IntStream.range(0, 5).mapToLong(n -> cluster.hints(n).count()).sum();
        assertThat(hintsKept).isGreaterThan(0);
        cluster.restart(1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (byte[] key : missed) {
                assertThat(cluster.storage(1).get(key)).isNotEmpty();
            }
            assertThat(IntStream.range(0, 5).mapToLong(n -> cluster.hints(n).count()).sum()).isZero();
        });
    }

    @Test
    void readWritesBackTheNewestVersionWhenReplicasDisagree() {
        byte[] key = bytes("repair-me");
        List<String> prefs = cluster.ring.preferenceList(key, 3);
        int stale = cluster.indexOf(prefs.get(2));
        cluster.put(0, key, bytes("old"));
        cluster.network.crash(prefs.get(2));
        cluster.put(0, key, bytes("new"));
        cluster.network.recover(prefs.get(2));
        // Make the stale replica part of the read quorum by taking one up-to-date replica away.
        cluster.crash(cluster.indexOf(prefs.get(1)));
        assertThat(text(cluster.get(cluster.indexOf(prefs.get(0)), key))).isEqualTo("new");
        assertThat(new String(cluster.storage(stale).get(key).get(0).value(), StandardCharsets.UTF_8))
                .isEqualTo("new");
    }

    @Test
    void conditionalPutSucceedsFromTheCurrentVersionAndFailsFromAStaleOne() {
        byte[] key = bytes("cas");
        cluster.put(0, key, bytes("a"));
        ClientResponse read = cluster.get(1, key);
        var version = VersionResolver.summary(read.versions());
        assertThat(cluster.putIf(2, key, bytes("b"), version).status()).isEqualTo(Status.WRITTEN);
        assertThat(cluster.putIf(3, key, bytes("c"), version).status()).isEqualTo(Status.REJECTED);
        assertThat(text(cluster.get(4, key))).isEqualTo("b");
    }

    @Test
    void concurrentConditionalPutsFromOneVersionLetExactlyOneWin() throws Exception {
        byte[] key = bytes("race");
        cluster.put(0, key, bytes("start"));
        var version = VersionResolver.summary(cluster.get(0, key).versions());
        ExecutorService pool = Executors.newFixedThreadPool(10);
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Status>> outcomes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int via = i % 5;
            byte[] value = bytes("w" + i);
            outcomes.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return cluster.putIf(via, key, value, version).status();
            }, pool));
        }
        go.countDown();
        List<Status> statuses = outcomes.stream().map(CompletableFuture::join).toList();
        pool.shutdown();
        assertThat(statuses).filteredOn(s -> s == Status.WRITTEN).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == Status.REJECTED).hasSize(9);
    }

    @Test
    void globalScanListsEveryLiveKeyOnceEvenWithANodeDown() {
        for (int i = 0; i < 40; i++) {
            cluster.put(i % 5, bytes(String.format("scan-%02d", i)), bytes("v" + i));
        }
        cluster.put(0, bytes("scan-07"), null);
        cluster.crash(4);
        await().atMost(Duration.ofSeconds(2)).until(() -> !cluster.node(0).detector().seemsUp("node5"));
        List<String> keys = new ArrayList<>();
        GlobalScan scan = cluster.node(0).globalScan(Runnable::run);
        for (List<StoredEntry> batch = scan.nextBatch().join(); !batch.isEmpty(); batch = scan.nextBatch().join()) {
            batch.forEach(e -> keys.add(new String(e.key(), StandardCharsets.UTF_8)));
        }
        assertThat(keys).hasSize(39).doesNotHaveDuplicates().doesNotContain("scan-07").isSorted();
    }

    @Test
    void siblingsModeKeepsConcurrentWritesUntilAPutResolvesThem() throws Exception {
        cluster.close();
        cluster = new InProcessCluster(5, new Quorum(3, 2, 2), ConflictMode.SIBLINGS);
        byte[] key = bytes("siblings");
        List<String> prefs = cluster.ring.preferenceList(key, 3);
        int a = cluster.indexOf(prefs.get(0));
        int b = cluster.indexOf(prefs.get(1));
        int c = cluster.indexOf(prefs.get(2));
        cluster.put(a, key, bytes("base"));
        // W=2 acknowledges before the third replica stores "base": wait for all three, or a
        // late copy of "base" would arrive as a sibling of "left" or "right".
        await().atMost(Duration.ofSeconds(5)).until(() -> prefs.stream()
                .allMatch(id -> cluster.storage(cluster.indexOf(id)).get(key).size() == 1));
        // Split the replicas so that two coordinators write without seeing each other.
        for (String x : prefs) {
            for (String y : prefs) {
                if (!x.equals(y)) {
                    cluster.network.cut(x, y);
                }
            }
        }
        var fromBase = VersionResolver.summary(cluster.storage(a).get(key));
        Versioned left = new Versioned(bytes("left"), new dynamo.core.version.Version(
                fromBase.clock().increment("node-x", 1), fromBase.tag()));
        Versioned right = new Versioned(bytes("right"), new dynamo.core.version.Version(
                fromBase.clock().increment("node-y", 2), fromBase.tag()));
        cluster.storage(a).update(key, cur -> List.of(left));
        cluster.storage(b).update(key, cur -> List.of(right));
        cluster.network.heal();
        ClientResponse read = cluster.call(c, dynamo.core.message.ClientRequest.get(key, 3));
        assertThat(read.versions()).extracting(v -> new String(v.value(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrder("left", "right");
        var merged = VersionResolver.summary(read.versions());
        assertThat(cluster.putIf(c, key, bytes("resolved"), merged).status()).isEqualTo(Status.WRITTEN);
        assertThat(text(cluster.get(a, key))).isEqualTo("resolved");
    }

    @Test
    void lossyNetworkNeverGivesAWrongAnswer() {
        cluster.dropRateForTest(0.05);
        int written = 0;
        for (int i = 0; i < 60; i++) {
            ClientResponse r = cluster.put(i % 5, bytes("lossy"), bytes("v" + i));
            if (r.status() == Status.WRITTEN) {
                written = i;
                ClientResponse read = cluster.get((i + 1) % 5, bytes("lossy"));
                if (read.status() == Status.FOUND) {
                    int seen = Integer.parseInt(text(read).substring(1));
                    assertThat(seen).isGreaterThanOrEqualTo(written);
                } else {
                    assertThat(read.status()).isEqualTo(Status.UNAVAILABLE);
                }
            } else {
                assertThat(r.status()).isEqualTo(Status.UNAVAILABLE);
            }
        }
    }
}
