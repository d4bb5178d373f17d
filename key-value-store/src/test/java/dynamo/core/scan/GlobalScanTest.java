package dynamo.core.scan;

import static dynamo.core.version.Versions.tombstone;
import static dynamo.core.version.Versions.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dynamo.core.message.Message.ScanReply;
import dynamo.core.storage.StoredEntry;
import dynamo.core.version.ConflictMode;
import dynamo.core.version.VersionResolver;
import dynamo.core.version.Versioned;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class GlobalScanTest {
    private static final int PAGE = 2;
    private static final VersionResolver LINEARIZABLE = new VersionResolver(ConflictMode.LINEARIZABLE);

    /** Fake nodes: each serves its entries in unsigned key order, {@link #PAGE} at a time. */
    private final Map<String, List<StoredEntry>> nodes = new HashMap<>();
    private final Set<String> failing = new HashSet<>();
    private final Map<String, List<byte[]>> fetchedAfter = new HashMap<>();

    private static byte[] key(int... bytes) {
        byte[] key = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            key[i] = (byte) bytes[i];
        }
        return key;
    }

    private void node(String name, StoredEntry... entries) {
        List<StoredEntry> sorted = new ArrayList<>(List.of(entries));
        sorted.sort((a, b) -> Arrays.compareUnsigned(a.key(), b.key()));
        nodes.put(name, sorted);
    }

    private static StoredEntry entry(byte[] key, Versioned... versions) {
        return new StoredEntry(key, List.of(versions));
    }

    private CompletableFuture<ScanReply> fetch(String node, byte[] afterKey) {
        fetchedAfter.computeIfAbsent(node, n -> new ArrayList<>()).add(afterKey);
        if (failing.contains(node)) {
            return CompletableFuture.failedFuture(new IllegalStateException(node + " is down"));
        }
        List<StoredEntry> after = nodes.get(node).stream()
                .filter(e -> afterKey == null || Arrays.compareUnsigned(e.key(), afterKey) > 0).toList();
        List<StoredEntry> page = after.subList(0, Math.min(PAGE, after.size()));
        return CompletableFuture.completedFuture(new ScanReply(0, node, page, after.size() <= PAGE));
    }

    /** Every node replicates the one range: any one answering node covers it. */
    private static RangeCoverage allReplicate(String... names) {
        return new RangeCoverage(List.of(Set.of(names)));
    }

    private GlobalScan scan(VersionResolver resolver, String... names) {
        return new GlobalScan(List.of(names), allReplicate(names), this::fetch, resolver, 1_000, Runnable::run);
    }

    private static List<StoredEntry> drain(GlobalScan scan) {
        List<StoredEntry> out = new ArrayList<>();
        for (List<StoredEntry> batch = scan.nextBatch().join(); !batch.isEmpty(); batch = scan.nextBatch().join()) {
            out.addAll(batch);
        }
        return out;
    }

    @Test
    void mergesOverlappingNodesIntoEachKeyOnceInUnsignedOrderWithTheNewestVersion() {
        byte[] k01 = key(0x01);
        byte[] k7f = key(0x7f);
        byte[] k80 = key(0x80);
        byte[] k80a = key(0x80, 0x00);
        byte[] kff = key(0xff);
        Versioned old = value("old", "n1", 1);
        Versioned mid = value("mid", "n2", 2);
        Versioned latest = value("new", "n3", 3);
        node("a", entry(k01, old), entry(k7f, latest), entry(k80, old), entry(kff, mid));
        node("b", entry(k01, latest), entry(k80, mid), entry(k80a, old));
        node("c", entry(k01, mid), entry(k7f, old), entry(k80a, latest), entry(kff, latest));

        GlobalScan scan = scan(LINEARIZABLE, "a", "b", "c");
        List<StoredEntry> merged = drain(scan);

        assertThat(merged).extracting(StoredEntry::key).containsExactly(k01, k7f, k80, k80a, kff);
        assertThat(merged).extracting(StoredEntry::versions)
                .containsExactly(List.of(latest), List.of(latest), List.of(mid), List.of(latest), List.of(latest));
        assertThat(scan.failedNodes()).isEmpty();
    }

    @Test
    void walksEveryNodePageByPageAfterTheLastKeySeen() {
        node("a", entry(key(1), value("x", "n1", 1)), entry(key(2), value("x", "n1", 1)),
                entry(key(3), value("x", "n1", 1)), entry(key(4), value("x", "n1", 1)), entry(key(5), value("x", "n1", 1)));

        assertThat(drain(scan(LINEARIZABLE, "a"))).hasSize(5);

        assertThat(fetchedAfter.get("a")).containsExactly(null, key(2), key(4));
    }

    @Test
    void keysWhoseNewestVersionIsATombstoneAreHidden() {
        byte[] deleted = key(1);
        byte[] rewritten = key(2);
        byte[] live = key(3);
        node("a", entry(deleted, value("v", "n1", 1)), entry(rewritten, tombstone("n1", 1)), entry(live, value("v", "n1", 1)));
        node("b", entry(deleted, tombstone("n2", 2)), entry(rewritten, value("back", "n2", 2)));

        List<StoredEntry> merged = drain(scan(LINEARIZABLE, "a", "b"));

        assertThat(merged).extracting(StoredEntry::key).containsExactly(rewritten, live);
        assertThat(merged.get(0).versions()).containsExactly(value("back", "n2", 2));
    }

    @Test
    void aFailingNodeIsReportedAndTheOthersStillMerge() {
        node("a", entry(key(1), value("a1", "n1", 1)), entry(key(3), value("a3", "n1", 1)));
        node("bad", entry(key(2), value("b2", "n1", 1)));
        node("c", entry(key(2), value("c2", "n1", 1)), entry(key(4), value("c4", "n1", 1)));
        failing.add("bad");

        GlobalScan scan = scan(LINEARIZABLE, "a", "bad", "c");
        List<StoredEntry> merged = drain(scan);

        assertThat(merged).extracting(StoredEntry::key).containsExactly(key(1), key(2), key(3), key(4));
        assertThat(scan.failedNodes()).containsExactly("bad");
    }

    @Test
    void aNodeFailingAfterItsFirstPageKeepsWhatItDelivered() {
        node("a", entry(key(1), value("a", "n1", 1)), entry(key(2), value("a", "n1", 1)),
                entry(key(5), value("a", "n1", 1)));
        node("b", entry(key(3), value("b", "n1", 1)), entry(key(4), value("b", "n1", 1)));
        GlobalScan scan = new GlobalScan(List.of("a", "b"), allReplicate("a", "b"), (node, after) -> {
            if (node.equals("a") && after != null) {
                return CompletableFuture.failedFuture(new IllegalStateException("crashed"));
            }
            return fetch(node, after);
        }, LINEARIZABLE, 1_000, Runnable::run);

        assertThat(drain(scan)).extracting(StoredEntry::key).containsExactly(key(1), key(2), key(3), key(4));
        assertThat(scan.failedNodes()).containsExactly("a");
    }

    @Test
    void aNodeThatNeverAnswersTimesOut() {
        node("a", entry(key(1), value("a", "n1", 1)));
        GlobalScan scan = new GlobalScan(List.of("a", "silent"), allReplicate("a", "silent"),
                (node, after) -> node.equals("silent") ? new CompletableFuture<>() : fetch(node, after),
                LINEARIZABLE, 50, Runnable::run);

        assertThat(drain(scan)).extracting(StoredEntry::key).containsExactly(key(1));
        assertThat(scan.failedNodes()).containsExactly("silent");
    }

    @Test
    void siblingsModeKeepsConcurrentVersionsFromDifferentNodes() {
        Versioned fromA = value("a", "n1", 1);
        Versioned fromB = value("b", "n2", 1);
        node("a", entry(key(1), fromA));
        node("b", entry(key(1), fromB));

        List<StoredEntry> merged = drain(scan(new VersionResolver(ConflictMode.SIBLINGS), "a", "b"));

        assertThat(merged).singleElement().satisfies(e -> assertThat(e.versions()).containsExactlyInAnyOrder(fromA, fromB));
    }

    @Test
    void emptyNodesGiveAnEmptyScanAndItStaysEmpty() {
        node("a");
        node("b");

        GlobalScan scan = scan(LINEARIZABLE, "a", "b");

        assertThat(scan.nextBatch().join()).isEmpty();
        assertThat(scan.nextBatch().join()).isEmpty();
    }

    @Test
    void aRangeWhoseReplicasAllFailedFailsTheScanBeforeAnyEntry() {
        node("a", entry(key(1), value("a", "n1", 1)));
        node("b", entry(key(2), value("b", "n1", 1)));
        node("c", entry(key(3), value("c", "n1", 1)));
        failing.add("b");
        // Ranges {a, b}, {b, c}, {c, d}: d is not asked (its failure detector says down), b fails.
        RangeCoverage coverage = new RangeCoverage(List.of(Set.of("a", "b"), Set.of("b", "c"), Set.of("c", "d")));
        assertThat(drain(new GlobalScan(List.of("a", "b", "c"), coverage, this::fetch, LINEARIZABLE, 1_000, Runnable::run)))
                .hasSize(2);

        RangeCoverage lost = new RangeCoverage(List.of(Set.of("a", "c"), Set.of("b", "d")));
        GlobalScan scan = new GlobalScan(List.of("a", "b", "c"), lost, this::fetch, LINEARIZABLE, 1_000, Runnable::run);

        assertThatThrownBy(() -> scan.nextBatch().join()).hasCauseInstanceOf(IncompleteScanException.class)
                .hasMessageContaining("[b, d]");
    }

    @Test
    void aRangeLostAfterTheFirstPageFailsTheScanInsteadOfEndingIt() {
        node("a", entry(key(1), value("a", "n1", 1)), entry(key(2), value("a", "n1", 1)), entry(key(5), value("a", "n1", 1)));
        node("b", entry(key(3), value("b", "n1", 1)), entry(key(4), value("b", "n1", 1)));
        RangeCoverage eachAlone = new RangeCoverage(List.of(Set.of("a"), Set.of("b")));
        GlobalScan scan = new GlobalScan(List.of("a", "b"), eachAlone, (node, after) -> node.equals("a") && after != null
                ? CompletableFuture.failedFuture(new IllegalStateException("crashed")) : fetch(node, after),
                LINEARIZABLE, 1_000, Runnable::run);

        assertThat(scan.nextBatch().join()).extracting(StoredEntry::key).containsExactly(key(1), key(2));
        assertThatThrownBy(() -> scan.nextBatch().join()).hasCauseInstanceOf(IncompleteScanException.class);
    }

    @Test
    void theNextPageIsFetchedOnlyWhenTheReaderAsksForMore() {
        for (int i = 1; i <= 20; i++) {
            nodes.computeIfAbsent("a", n -> new ArrayList<>()).add(entry(key(i), value("a", "n1", 1)));
        }
        GlobalScan scan = scan(LINEARIZABLE, "a");
        assertThat(scan.nextBatch().join()).hasSize(PAGE);
        assertThat(fetchedAfter.get("a")).hasSize(2); // the first page, and the one the merge needs next

        assertThat(scan.nextBatch().join()).hasSize(PAGE);
        assertThat(fetchedAfter.get("a")).hasSize(3);
    }

    @Test
    void mergingResumesOnTheGivenExecutorNotOnTheThreadThatDeliveredThePage() {
        node("a", entry(key(1), value("a", "n1", 1)));
        CompletableFuture<ScanReply> late = new CompletableFuture<>();
        List<Runnable> handedOver = new ArrayList<>();
        GlobalScan scan = new GlobalScan(List.of("a"), allReplicate("a"), (node, after) -> late, LINEARIZABLE, 1_000,
                handedOver::add);
        CompletableFuture<List<StoredEntry>> batch = scan.nextBatch();

        late.complete(new ScanReply(0, "a", nodes.get("a"), true));

        assertThat(batch).isNotDone();
        assertThat(handedOver).hasSize(1);
        handedOver.get(0).run();
        assertThat(batch.join()).extracting(StoredEntry::key).containsExactly(key(1));
    }
}
