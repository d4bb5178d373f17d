package dynamo.multiprocess;

import static dynamo.harness.KvClient.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dynamo.harness.KvClient;
import dynamo.harness.KvClient.Answer;
import dynamo.harness.KvClient.Entry;
import dynamo.harness.KvClient.Read;
import dynamo.harness.KvClient.Write;
import dynamo.harness.LocalCluster;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * "A working 5-node Dynamo cluster": the client API of DESIGN.md section 2 on five real node JVMs
 * (N=3, R=W=2), every request sent to each node in turn since any node must serve any key.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StorageApiClusterIT extends OnFiveNodes {
    private static final Duration REPLICATION = Duration.ofSeconds(30);
    private static final int MIB = 1024 * 1024;

    /** Keeps this run's keys apart from any other test's. */
    private final String run = "api-" + Long.toHexString(System.nanoTime()) + "/";

    @Test
    void insertsQueriesOverwritesAndDeletesThroughEveryNode() throws Exception {
        for (int node : cluster.indices()) {
            String key = run + "crud-" + node;
            assertAcknowledged(cluster.client(node).put(key, "first-" + node));
            assertEveryNodeReads(key, "first-" + node);

            assertAcknowledged(cluster.client(next(node, 1)).put(key, "second-" + node));
            assertEveryNodeReads(key, "second-" + node);

            assertAcknowledged(cluster.client(next(node, 2)).delete(key));
            for (int reader : cluster.indices()) {
                Read read = cluster.client(reader).get(key);
                assertThat(read.status()).as("deleted %s through node%d: %s", key, reader, read.answer()).isEqualTo(404);
                assertThat(read.version()).isEmpty();
                assertThat(read.values()).isEmpty();
            }
        }
    }

    @Test
    void storesEveryKeyOnExactlyTheThreeNodesOfItsPreferenceList() throws Exception {
        Map<String, String> written = new HashMap<>();
        for (int i = 0; i < 60; i++) {
            String key = run + "placement-" + i;
            assertAcknowledged(cluster.client(1 + i % 5).put(key, "value-" + i));
            written.put(key, "value-" + i);
        }
        // W=2: the third replica may apply the write a moment after the client's answer.
        await().atMost(REPLICATION).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Map<String, Set<Integer>> holders = liveHolders(written);
            for (String key : written.keySet()) {
                assertThat(holders.getOrDefault(key, Set.of())).as("nodes whose @ holds %s", key)
                        .containsExactlyInAnyOrderElementsOf(ring.preferenceList(utf8(key)));
            }
        });
    }

    @Test
    void globalScanListsEveryLiveKeyOnceAndNoDeletedKey() throws Exception {
        Map<String, String> live = new HashMap<>();
        Set<String> deleted = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            String key = run + "scan-" + i;
            assertAcknowledged(cluster.client(1 + i % 5).put(key, "value-" + i));
            live.put(key, "value-" + i);
        }
        for (int i = 0; i < 30; i += 3) {
            String key = run + "scan-" + i;
            assertAcknowledged(cluster.client(1 + (i + 2) % 5).delete(key));
            live.remove(key);
            deleted.add(key);
        }
        for (int node : List.of(2, 5)) {
            List<Entry> all = cluster.client(node).all();
            List<String> keys = all.stream().map(Entry::keyText).toList();
            assertThat(keys).as("* through node%d", node).doesNotHaveDuplicates().doesNotContainAnyElementsOf(deleted);
            Map<String, String> mine = new HashMap<>();
            all.stream().filter(e -> e.keyText().startsWith(run + "scan-"))
                    .forEach(e -> mine.put(e.keyText(), singleValue(e)));
            assertThat(mine).as("this test's keys in * through node%d", node).isEqualTo(live);
        }
    }

    @Test
    void concurrentPutsOfDistinctKeysFromEveryNodeAreAllReadable() throws Exception {
        int perNode = 100;
        List<Callable<Void>> writers = cluster.indices().stream().<Callable<Void>>map(node -> () -> {
            for (int i = 0; i < perNode; i++) {
                assertAcknowledged(cluster.client(node).put(run + "distinct-" + node + "-" + i, "v" + node + "-" + i));
            }
            return null;
        }).toList();
        runAll(writers);

        List<Callable<Void>> readers = cluster.indices().stream().<Callable<Void>>map(writer -> () -> {
            KvClient reader = cluster.client(next(writer, 3));
            for (int i = 0; i < perNode; i++) {
                String key = run + "distinct-" + writer + "-" + i;
                assertThat(textOf(reader.get(key), key)).isEqualTo("v" + writer + "-" + i);
            }
            return null;
        }).toList();
        runAll(readers);
    }

    @Test
    void concurrentPutsOfTheSameKeysFromEveryNodeEndInOneValueEveryNodeAgreesOn() throws Exception {
        List<String> keys = IntStream.range(0, 8).mapToObj(i -> run + "contended-" + i).toList();
        int rounds = 10;
        Set<String> attempted = java.util.concurrent.ConcurrentHashMap.newKeySet();
        List<Callable<Void>> writers = cluster.indices().stream().<Callable<Void>>map(node -> () -> {
            for (int round = 0; round < rounds; round++) {
                for (String key : keys) {
                    String value = "n" + node + "-r" + round;
                    attempted.add(key + "=" + value);
                    assertAcknowledged(cluster.client(node).put(key, value));
                }
            }
            return null;
        }).toList();
        runAll(writers);

        for (String key : keys) {
            Set<String> seen = new TreeSet<>();
            Set<String> versions = new TreeSet<>();
            for (int node : cluster.indices()) {
                Read read = cluster.client(node).get(key);
                seen.add(textOf(read, key));
                versions.add(read.version());
            }
            assertThat(seen).as("values of %s through the five nodes", key).hasSize(1);
            assertThat(versions).as("versions of %s through the five nodes", key).hasSize(1);
            assertThat(attempted).contains(key + "=" + seen.iterator().next());
        }
    }

    @Test
    void binaryKeysAndValuesRoundTripThroughEveryNode() throws Exception {
        // Encodes to "AP8A+/+/": zero bytes, 0xff, and both characters the two alphabets disagree on.
        byte[] key = {0x00, (byte) 0xff, 0x00, (byte) 0xfb, (byte) 0xff, (byte) 0xbf};
        byte[] value = new byte[512];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) (i % 2 == 0 ? i / 2 : (i / 2 % 2 == 0 ? 0x00 : 0xff));
        }
        assertAcknowledged(cluster.client(3).put(key, value, null, null));
        for (int node : cluster.indices()) {
            Read read = cluster.client(node).get(key);
            assertThat(read.status()).as("node%d: %s", node, read.answer()).isEqualTo(200);
            assertThat(read.values()).hasSize(1);
            assertThat(read.values().get(0)).isEqualTo(value);
            assertThat(read.answer().json().path("key").asText()).isEqualTo(KvClient.standard(key));
        }
        for (int node : ring.preferenceList(key)) {
            assertThat(cluster.client(node).local()).as("@ of node%d", node)
                    .anySatisfy(e -> assertThat(e.key()).isEqualTo(key));
        }
    }

    @Test
    void acceptsTheStandardAlphabetPercentEncodedAndPaddedKeysInPaths() throws Exception {
        byte[] key = {(byte) 0xfb, (byte) 0xff, (byte) 0xbf, 0x01};
        assertAcknowledged(cluster.client(1).put(key, utf8("standard"), null, null));
        String standard = KvClient.standard(key); // "+/+/AQ=="
        String percentEncoded = URLEncoder.encode(standard, StandardCharsets.UTF_8);
        String urlSafePadded = java.util.Base64.getUrlEncoder().encodeToString(key);
        for (String path : List.of(percentEncoded, urlSafePadded)) {
            Answer answer = cluster.client(2).send("GET", "/storage/" + path, null);
            assertThat(answer.status()).as("GET /storage/%s: %s", path, answer.body()).isEqualTo(200);
            assertThat(Read.of(answer).values()).containsExactly(utf8("standard"));
        }
    }

    @Test
    void roundTripsAOneMebibyteValue() throws Exception {
        byte[] value = new byte[MIB];
        new Random(42).nextBytes(value);
        byte[] key = utf8(run + "large");
        Duration slow = Duration.ofSeconds(30);
        assertAcknowledged(cluster.client(1).withTimeout(slow).put(key, value, null, null));
        Read read = cluster.client(4).withTimeout(slow).get(key);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.values()).hasSize(1);
        assertThat(read.values().get(0)).isEqualTo(value);
    }

    @Test
    void conditionalPutSucceedsFromTheCurrentVersionAndFailsFromAStaleOne() throws Exception {
        byte[] key = utf8(run + "conditional");
        assertAcknowledged(cluster.client(1).put(key, utf8("one"), null, null));
        String stale = cluster.client(2).get(key).version();

        Write current = cluster.client(3).put(key, utf8("two"), stale, null);
        assertAcknowledged(current);
        assertThat(current.version()).isNotBlank().isNotEqualTo(stale);

        Write late = cluster.client(4).put(key, utf8("three"), stale, null);
        assertThat(late.status()).as("%s", late.answer()).isEqualTo(200);
        assertThat(late.success()).as("put from a stale version: %s", late.answer()).isFalse();
        for (int node : cluster.indices()) {
            assertThat(textOf(cluster.client(node).get(key), "conditional")).isEqualTo("two");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void rejectsBadInputWithItsStatusAndAJsonError(String description, String method, String path, String body,
            int status) throws Exception {
        KvClient client = cluster.client(1 + Math.floorMod(description.hashCode(), 5)).withTimeout(Duration.ofSeconds(30));
        Answer answer = client.send(method, path, body);
        assertThat(answer.status()).as("%s %s -> %s", method, path, abbreviated(answer.body())).isEqualTo(status);
        assertThat(answer.error()).as("error message in %s", abbreviated(answer.body())).isNotBlank();
    }

    Stream<Arguments> badRequests() {
        String key = "a2V5";
        String huge = KvClient.standard(new byte[5 * MIB]);
        return Stream.of(
                bad("key in the path not base64", "GET", "/storage/a!b=", null, 400),
                bad("key in the path of one base64 character", "GET", "/storage/a", null, 400),
                bad("key in the body not base64", "PUT", "/storage/", put("\"a!b=\"", "\"dg==\""), 400),
                bad("value not base64", "PUT", "/storage/", put("\"" + key + "\"", "\"not base64!\""), 400),
                bad("truncated JSON", "PUT", "/storage/", "{\"key\": \"" + key + "\", \"value\":", 400),
                bad("JSON array instead of an object", "PUT", "/storage/", "[1, 2]", 400),
                bad("not JSON at all", "PUT", "/storage/", "key=value", 400),
                bad("empty body", "PUT", "/storage/", "", 400),
                bad("missing key", "PUT", "/storage/", "{\"value\": \"dg==\"}", 400),
                bad("empty key", "PUT", "/storage/", put("\"\"", "\"dg==\""), 400),
                bad("minNumReads 0", "GET", "/storage/" + key + "?minNumReads=0", null, 400),
                bad("minNumReads 4", "GET", "/storage/" + key + "?minNumReads=4", null, 400),
                bad("minNumReads -1", "GET", "/storage/" + key + "?minNumReads=-1", null, 400),
                bad("minNumReads not an integer", "GET", "/storage/" + key + "?minNumReads=two", null, 400),
                bad("minNumReads a fraction", "GET", "/storage/" + key + "?minNumReads=1.5", null, 400),
                bad("minNumWrites 0", "PUT", "/storage/", putWith(key, "\"minNumWrites\": 0"), 400),
                bad("minNumWrites 4", "PUT", "/storage/", putWith(key, "\"minNumWrites\": 4"), 400),
                bad("minNumWrites not an integer", "PUT", "/storage/", putWith(key, "\"minNumWrites\": \"two\""), 400),
                bad("fromVersion not base64", "PUT", "/storage/", putWith(key, "\"fromVersion\": \"no version!\""), 400),
                bad("fromVersion base64 of garbage", "PUT", "/storage/", putWith(key, "\"fromVersion\": \"AAECAwQF\""), 400),
                bad("value of 5 MiB over the 4 MiB limit", "PUT", "/storage/", put("\"" + key + "\"", "\"" + huge + "\""), 413));
    }

    @Test
    @Order(Integer.MAX_VALUE) // restarts a node: last, so the other tests see a steady cluster
    void aNodeKilledWithSigkillAndRestartedStillHasItsData() throws Exception {
        int victim = 2;
        Map<String, String> written = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            String key = run + "durable-" + i;
            assertAcknowledged(cluster.client(1 + i % 5).put(key, "value-" + i));
            if (ring.replicates(victim, utf8(key))) {
                written.put(key, "value-" + i);
            }
        }
        assertThat(written).as("keys node%d replicates", victim).isNotEmpty();
        await().atMost(REPLICATION).untilAsserted(() -> assertThat(localValues(victim)).containsAllEntriesOf(written));
        long pidBefore = cluster.status(victim).pid();

        cluster.kill(victim);
        assertThat(cluster.status(victim).alive()).isFalse();
        cluster.start(victim);

        LocalCluster.NodeStatus after = cluster.status(victim);
        assertThat(after.alive()).isTrue();
        assertThat(after.pid()).isNotEqualTo(pidBefore);
        // Read at once: nothing was written meanwhile, so the data can only come from its own disk.
        assertThat(localValues(victim)).containsAllEntriesOf(written);
    }

    // --- helpers ---------------------------------------------------------------------------

    private int next(int node, int steps) {
        return 1 + (node - 1 + steps) % cluster.size();
    }

    private void assertEveryNodeReads(String key, String expected) throws Exception {
        for (int node : cluster.indices()) {
            Read read = cluster.client(node).get(key);
            assertThat(textOf(read, key + " through node" + node)).isEqualTo(expected);
            assertThat(read.version()).isNotBlank();
        }
    }

    /** For each key, the nodes whose {@code @} holds it live, after checking they hold the written value. */
    private Map<String, Set<Integer>> liveHolders(Map<String, String> written) throws Exception {
        Map<String, Set<Integer>> holders = new HashMap<>();
        for (int node : cluster.indices()) {
            for (Entry entry : cluster.client(node).local()) {
                String key = entry.keyText();
                if (written.containsKey(key) && entry.live()) {
                    assertThat(singleValue(entry)).as("%s on node%d", key, node).isEqualTo(written.get(key));
                    holders.computeIfAbsent(key, k -> new TreeSet<>()).add(node);
                }
            }
        }
        return holders;
    }

    /** Live text values of node {@code node}'s {@code @}. */
    private Map<String, String> localValues(int node) throws Exception {
        Map<String, String> values = new HashMap<>();
        cluster.client(node).local().stream().filter(Entry::live).forEach(e -> values.put(e.keyText(), singleValue(e)));
        return values;
    }

    private static String singleValue(Entry entry) {
        assertThat(entry.values()).as("values of %s", entry.keyText()).hasSize(1);
        return entry.text();
    }

    private static String textOf(Read read, String what) {
        assertThat(read.status()).as("get %s: %s", what, read.answer()).isEqualTo(200);
        assertThat(read.values()).as("values of %s", what).hasSize(1);
        return read.text();
    }

    private static void assertAcknowledged(Write write) {
        assertThat(write.acknowledged()).as("put answered %s", write.answer()).isTrue();
        assertThat(write.version()).isNotBlank();
    }

    private static void runAll(List<Callable<Void>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            List<Future<Void>> futures = new ArrayList<>();
            tasks.forEach(task -> futures.add(pool.submit(task)));
            for (Future<Void> future : futures) {
                future.get(); // rethrows the first failed assertion
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Arguments bad(String description, String method, String path, String body, int status) {
        return Arguments.of(description, method, path, body, status);
    }

    private static String put(String keyJson, String valueJson) {
        return "{\"key\": " + keyJson + ", \"value\": " + valueJson + "}";
    }

    private static String putWith(String key, String field) {
        return "{\"key\": \"" + key + "\", \"value\": \"dg==\", " + field + "}";
    }

    private static String abbreviated(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
