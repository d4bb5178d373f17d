package dynamo.multiprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dynamo.client.DynamoClient;
import dynamo.client.GetResult;
import dynamo.client.OutcomeUnknownException;
import dynamo.client.Routing;
import dynamo.client.UnavailableException;
import dynamo.client.WriteResult;
import dynamo.client.routing.Target;
import dynamo.harness.KvClient;
import dynamo.harness.LocalCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Java client and bin/dynamo against five real nodes (N=3, R=W=2, one token each): the ring
 * endpoint, token-aware routing to each key's first replica (seen in the answering node's header
 * and in the nodes' forward counters), the CLI's commands and exit codes, a write whose outcome
 * is unknown (two of its replicas paused), and a ring refresh after a kill -9. One cluster for the
 * class; the tests that fault nodes come last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClientClusterIT extends OnFiveNodes {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Keeps this run's keys apart from any other test's. */
    private final String run = "client-" + Long.toHexString(System.nanoTime()) + "/";
    private DynamoClient routed;

    /** After the cluster started (JUnit runs a superclass's @BeforeAll first). */
    @BeforeAll
    void startRoutedClient() {
        routed = tokenAware(Duration.ofSeconds(2));
    }

    @AfterAll
    void stopCluster() {
        if (routed != null) {
            routed.close();
        }
    }

    /** A token-aware client that knows one node to start with; the ring names the others. */
    private DynamoClient tokenAware(Duration suspectFor) {
        return DynamoClient.builder().seeds(cluster.nodeUrl(1).toString()).adminSeeds(cluster.adminUrl(1).toString())
                .ringRefresh(Duration.ofMinutes(5), Duration.ofMillis(100), suspectFor).build();
    }

    private byte[] key(String name) {
        return (run + name).getBytes(StandardCharsets.UTF_8);
    }

    /** Keys of this run whose first replica is node {@code index}. */
    private List<byte[]> keysCoordinatedBy(int index, int count) {
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; keys.size() < count; i++) {
            byte[] key = key("of-" + index + "-" + i);
            if (ring.preferenceList(key).get(0) == index) {
                keys.add(key);
            }
        }
        return keys;
    }

    private long forwardedByAllNodes() throws Exception {
        long sum = 0;
        for (int node : cluster.indices()) {
            sum += cluster.meters(node).getOrDefault("requests.forwarded", 0L);
        }
        return sum;
    }

    @Test
    @Order(1)
    void everyNodesRingEndpointDescribesTheClusterAndItsAnswersNameTheNodeAndEpoch() throws Exception {
        JsonNode first = null;
        for (int node : cluster.indices()) {
            KvClient.Answer answer = new KvClient(cluster.adminUrl(node)).send("GET", "/ring", null);
            assertThat(answer.status()).isEqualTo(200);
            JsonNode json = JSON.readTree(answer.body());
            assertThat(json.path("replicas").asInt()).isEqualTo(3);
            assertThat(json.path("partitioner").asText()).isEqualTo("md5");
            assertThat(json.path("nodes")).hasSize(5);
            int partitions = 0;
            for (JsonNode member : json.path("nodes")) {
                int index = Integer.parseInt(member.path("id").asText().substring("node".length()));
                assertThat(member.path("url").asText()).isEqualTo(cluster.nodeUrl(index).toString());
                assertThat(member.path("adminUrl").asText()).isEqualTo(cluster.adminUrl(index).toString());
                assertThat(member.path("tokens").size()).as("256 partitions over 5 nodes").isBetween(51, 52);
                partitions += member.path("tokens").size();
                assertThat(member.path("seemsUp").asBoolean()).isTrue();
            }
            assertThat(partitions).as("bin/cluster's default layout").isEqualTo(256);
            if (first == null) {
                first = json;
            }
            assertThat(json.path("epoch").asLong()).as("node%d's epoch", node).isEqualTo(first.path("epoch").asLong());

            KvClient.Answer get = cluster.client(node).send("GET", "/storage/a2V5", null);
            assertThat(get.header("X-Dynamo-Node")).hasValue("node" + node);
            assertThat(get.header("X-Dynamo-Ring-Epoch")).hasValue(first.path("epoch").asText());
        }
    }

    @Test
    @Order(2)
    void tokenAwareRoutingSendsEachKeysRequestsToItsFirstReplicaSoPutsAreNeverForwarded() throws Exception {
        assertThat(routed.routing()).isEqualTo(Routing.TOKEN_AWARE);
        long forwardedBefore = forwardedByAllNodes();
        for (int i = 0; i < 50; i++) {
            byte[] key = key("routed-" + i);
            String coordinator = "node" + ring.preferenceList(key).get(0);
            assertThat(routed.route(key)).extracting(Target::id).first().isEqualTo(coordinator);
            WriteResult put = routed.put(key, ("v" + i).getBytes(StandardCharsets.UTF_8));
            assertThat(put.written()).isTrue();
            assertThat(put.node()).as("the node that answered the put of %s", new String(key)).isEqualTo(coordinator);
            GetResult get = routed.get(key);
            assertThat(get.text()).isEqualTo("v" + i);
            assertThat(get.node()).isEqualTo(coordinator);
            assertThat(routed.putIfVersion(key, new byte[] {1}, get.version()).node()).isEqualTo(coordinator);
        }
        assertThat(forwardedByAllNodes()).as("puts forwarded while routed").isEqualTo(forwardedBefore);

        // The same puts through one node: the counter does see forwarding.
        try (DynamoClient viaNode1 = DynamoClient.builder().seeds(cluster.nodeUrl(1).toString()).build()) {
            for (byte[] key : keysCoordinatedBy(2, 5)) {
                assertThat(viaNode1.put(key, key).node()).isEqualTo("node1");
            }
        }
        assertThat(forwardedByAllNodes()).isGreaterThanOrEqualTo(forwardedBefore + 5);
    }

    @Test
    @Order(3)
    void asyncCallsAndScansWorkAgainstTheCluster() throws Exception {
        byte[] key = key("async");
        assertThat(routed.putAsync(key, "a".getBytes(StandardCharsets.UTF_8)).get().written()).isTrue();
        assertThat(routed.getAsync(key).get().text()).isEqualTo("a");
        assertThat(routed.getAsync(key, 3).get().node()).isEqualTo("node" + ring.preferenceList(key).get(0));
        try (var all = routed.scan()) {
            assertThat(all.filter(e -> e.keyText().equals(run + "async")).count()).isEqualTo(1);
        }
        int replica = ring.preferenceList(key).get(1);
        try (var local = routed.scanNode("node" + replica)) {
            assertThat(local.anyMatch(e -> e.keyText().equals(run + "async"))).isTrue();
        }
    }

    private LocalCluster.ScriptResult dynamo(String... args) throws Exception {
        return cluster.script("dynamo", Map.of(), args);
    }

    @Test
    @Order(4)
    void theCliReadsAndWritesTheLocalClusterWithScriptableExitCodes() throws Exception {
        String k = run + "cli";
        LocalCluster.ScriptResult put = dynamo("put", k, "one");
        assertThat(put.exitCode()).as(put.err()).isEqualTo(0);
        String version = put.out().trim();
        assertThat(version).isNotEmpty();

        LocalCluster.ScriptResult get = dynamo("get", k);
        assertThat(get.exitCode()).isEqualTo(0);
        assertThat(get.out()).isEqualTo("one\n");
        JsonNode json = JSON.readTree(dynamo("get", "--json", k).out());
        assertThat(json.path("version").asText()).isEqualTo(version);
        assertThat(json.path("node").asText()).as("token-aware by default").isEqualTo("node" + ring.preferenceList(
                k.getBytes(StandardCharsets.UTF_8)).get(0));

        assertThat(dynamo("cas", k, "two", "--from", version).exitCode()).isEqualTo(0);
        LocalCluster.ScriptResult lost = dynamo("cas", k, "three", "--from", version);
        assertThat(lost.exitCode()).as("a cas from a version someone wrote over").isEqualTo(1);
        assertThat(dynamo("get", k).out()).isEqualTo("two\n");

        LocalCluster.ScriptResult scan = dynamo("scan");
        assertThat(scan.exitCode()).isEqualTo(0);
        assertThat(scan.out().lines()).contains(k + "\ttwo");
        int replica = ring.preferenceList(k.getBytes(StandardCharsets.UTF_8)).get(2);
        assertThat(dynamo("scan", "--local", Integer.toString(replica)).out().lines()).contains(k + "\ttwo");

        assertThat(dynamo("delete", k).exitCode()).isEqualTo(0);
        assertThat(dynamo("get", k).exitCode()).as("deleted").isEqualTo(1);
        assertThat(dynamo("get", "--base64", "aGk=").exitCode()).as("never written").isEqualTo(1);

        LocalCluster.ScriptResult ringOut = dynamo("ring");
        assertThat(ringOut.exitCode()).isEqualTo(0);
        assertThat(ringOut.out()).contains("ring of 5 nodes, 3 replicas");
        assertThat(ringOut.out().lines().filter(line -> line.matches("node[1-5] +up .*"))).hasSize(5);
        assertThat(JSON.readTree(dynamo("ring", "--json").out()).path("nodes")).hasSize(5);

        LocalCluster.ScriptResult tooMany = dynamo("get", "-r", "4", k);
        assertThat(tooMany.exitCode()).as("R above N: the node answers 400").isEqualTo(3);
        assertThat(tooMany.err()).contains("400");
        assertThat(dynamo("put", "--base64", "not base64!", "x").exitCode()).isEqualTo(3);
        assertThat(dynamo("--url", "http://127.0.0.1:1", "get", k).exitCode()).as("nobody listens").isEqualTo(2);
    }

    @Test
    @Order(5)
    void aWriteWhoseReplicasArePausedIsReportedUnknownAndAReadUnavailable() throws Exception {
        byte[] key = key("paused");
        List<Integer> replicas = ring.preferenceList(key);
        assertThat(routed.put(key, "before".getBytes(StandardCharsets.UTF_8)).written()).isTrue();
        cluster.pause(replicas.get(1));
        cluster.pause(replicas.get(2));
        try {
            assertThatThrownBy(() -> routed.put(key, "during".getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(OutcomeUnknownException.class).hasMessageContaining("503");
            assertThatThrownBy(() -> routed.get(key)).isInstanceOf(UnavailableException.class);
        } finally {
            cluster.resume(replicas.get(1));
            cluster.resume(replicas.get(2));
        }
        // Whatever became of the unknown write, the key reads one of the two values again.
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                assertThat(routed.get(key).text()).isIn("before", "during"));
    }

    @Test
    @Order(6)
    void afterAKillEveryRequestIsServedAndTheClientReadsTheRingAgain() throws Exception {
        int victim = 3;
        List<byte[]> victims = keysCoordinatedBy(victim, 10);
        // The test before this one pauses two nodes, and a ring read while node1 still suspects one
        // of them would route around it until the client's next refresh: wait until it does not.
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            try (DynamoClient probe = tokenAware(Duration.ofMillis(500))) {
                return probe.route(victims.get(0)).get(0).id().equals("node" + victim);
            }
        });
        try (DynamoClient client = tokenAware(Duration.ofMillis(500))) {
            for (byte[] key : victims) {
                assertThat(client.put(key, key).node()).isEqualTo("node" + victim);
            }
            cluster.kill(victim);
            List<byte[]> keys = new ArrayList<>(victims);
            IntStream.range(0, 30).mapToObj(i -> key("after-kill-" + i)).forEach(keys::add);
            for (byte[] key : keys) {
                WriteResult put = client.put(key, "after".getBytes(StandardCharsets.UTF_8));
                assertThat(put.written()).isTrue();
                assertThat(put.node()).isNotEqualTo("node" + victim);
                GetResult get = client.get(key);
                assertThat(get.text()).isEqualTo("after");
            }
            for (byte[] key : victims) {
                assertThat(client.get(key).node()).as("the key's second replica")
                        .isEqualTo("node" + ring.preferenceList(key).get(1));
            }
            // Past the client's own 500 ms suspicion, only a re-read ring (whose nodes call the
            // victim down) keeps it from being tried first. (A request that still finds it first
            // fails over, and makes the client read the ring again.)
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(client.get(victims.get(0)).text()).isEqualTo("after");
                Thread.sleep(700);
                assertThat(client.route(victims.get(0))).extracting(Target::id).last().isEqualTo("node" + victim);
            });
        }
    }
}
