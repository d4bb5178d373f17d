package dynamo.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Token-aware routing against three stand-in nodes that serve a ring: A owns the arc up to 2^62,
 * B up to 2^63, C up to 3 * 2^62 (and A again after that, around the top). The expected owner of
 * a key is computed here with BigInteger, independently of the client's ring code.
 */
class TokenRoutingTest {
    private static final BigInteger QUARTER = BigInteger.ONE.shiftLeft(62);
    private static final String WRITTEN = "{\"success\":true,\"version\":\"v\"}";

    private FakeNode a;
    private FakeNode b;
    private FakeNode c;
    private List<FakeNode> nodes;
    private DynamoClient client;

    @BeforeEach
    void start() throws Exception {
        a = FakeNode.start("A");
        b = FakeNode.start("B");
        c = FakeNode.start("C");
        nodes = List.of(a, b, c);
        serve(ring(1, Map.of(a, QUARTER, b, QUARTER.multiply(BigInteger.TWO), c, QUARTER.multiply(BigInteger.valueOf(3))),
                List.of()), "1");
        nodes.forEach(n -> n.answer(r -> FakeNode.Answer.of(r.method().equals("PUT") ? 200 : 404,
                r.method().equals("PUT") ? WRITTEN : FakeNode.ABSENT)));
        client = client(Duration.ofMinutes(10));
    }

    private DynamoClient client(Duration refreshInterval) {
        return DynamoClient.builder().seeds(a.url()).adminSeeds(a.url(), b.url())
                .requestTimeout(Duration.ofMillis(500))
                .ringRefresh(refreshInterval, Duration.ofMillis(10), Duration.ofSeconds(30)).build();
    }

    @AfterEach
    void stop() {
        client.close();
        nodes.forEach(FakeNode::stop);
    }

    /** The ring JSON of these nodes, one token each; {@code down} listed with seemsUp false. */
    private static String ring(long epoch, Map<FakeNode, BigInteger> tokens, List<FakeNode> down) {
        StringBuilder json = new StringBuilder("{\"epoch\":" + epoch + ",\"replicas\":3,\"partitioner\":\"md5\",\"nodes\":[");
        String sep = "";
        for (Map.Entry<FakeNode, BigInteger> node : new LinkedHashMap<>(tokens).entrySet()) {
            json.append(sep).append("{\"id\":\"").append(node.getKey().id()).append("\",\"url\":\"")
                    .append(node.getKey().url()).append("\",\"adminUrl\":\"").append(node.getKey().url())
                    .append("\",\"tokens\":[\"").append(node.getValue()).append("\"],\"seemsUp\":")
                    .append(!down.contains(node.getKey())).append('}');
            sep = ",";
        }
        return json.append("]}").toString();
    }

    private void serve(String ring, String epoch) {
        nodes.forEach(n -> n.ring(ring).epoch(epoch));
    }

    private static BigInteger position(byte[] key) throws Exception {
        return new BigInteger(1, Arrays.copyOf(MessageDigest.getInstance("MD5").digest(key), 8));
    }

    /** The first replica with A at 2^62, B at 2^63, C at 3 * 2^62. */
    private FakeNode owner(byte[] key) throws Exception {
        BigInteger p = position(key);
        if (p.compareTo(QUARTER) <= 0 || p.compareTo(QUARTER.multiply(BigInteger.valueOf(3))) > 0) {
            return a;
        }
        return p.compareTo(QUARTER.multiply(BigInteger.TWO)) <= 0 ? b : c;
    }

    /** Keys whose first replica is {@code node}. */
    private List<byte[]> keysOf(FakeNode node, int count) throws Exception {
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; keys.size() < count; i++) {
            byte[] key = ("key-" + i).getBytes(StandardCharsets.UTF_8);
            if (owner(key) == node) {
                keys.add(key);
            }
        }
        return keys;
    }

    private long ringReads() {
        return nodes.stream().mapToLong(FakeNode::ringReads).sum();
    }

    private void clearAll() {
        nodes.forEach(FakeNode::clear);
    }

    @Test
    void everyRequestGoesToItsKeysFirstReplica() throws Exception {
        assertThat(client.routing()).isEqualTo(Routing.TOKEN_AWARE);
        for (int i = 0; i < 60; i++) {
            byte[] key = ("key-" + i).getBytes(StandardCharsets.UTF_8);
            FakeNode owner = owner(key);
            clearAll();
            assertThat(client.get(key).node()).isEqualTo(owner.id());
            assertThat(client.put(key, key).node()).isEqualTo(owner.id());
            assertThat(client.getAsync(key).join().node()).isEqualTo(owner.id());
            for (FakeNode other : nodes) {
                assertThat(other.received()).as("key-%d at %s", i, other.id()).hasSize(other == owner ? 3 : 0);
            }
        }
    }

    @Test
    void theRouteListsTheKeysReplicasInRingOrderThenNobodyElse() throws Exception {
        byte[] key = keysOf(b, 1).get(0);
        assertThat(client.route(key)).extracting(t -> t.id()).containsExactly("B", "C", "A");
    }

    @Test
    void whenTheFirstReplicaIsDownRequestsGoToTheNextOne() throws Exception {
        List<byte[]> keys = keysOf(b, 5);
        b.stop();
        for (byte[] key : keys) {
            assertThat(client.get(key).node()).isEqualTo("C");
            assertThat(client.put(key, key).node()).as("a refused connection: the write was never sent").isEqualTo("C");
        }
        assertThat(a.received()).isEmpty();
    }

    @Test
    void aReplicaTheRingCallsDownIsSkipped() throws Exception {
        client.close();
        serve(ring(1, Map.of(a, QUARTER, b, QUARTER.multiply(BigInteger.TWO), c, QUARTER.multiply(BigInteger.valueOf(3))),
                List.of(b)), "1");
        client = client(Duration.ofMinutes(10));
        for (byte[] key : keysOf(b, 5)) {
            assertThat(client.get(key).node()).isEqualTo("C");
        }
        assertThat(b.received()).isEmpty();
    }

    @Test
    void theRingIsNotReadAgainWhileNodesNameItsEpoch() throws Exception {
        long reads = ringReads();
        for (byte[] key : keysOf(c, 20)) {
            client.get(key);
        }
        Thread.sleep(100);
        assertThat(ringReads()).isEqualTo(reads);
    }

    @Test
    void anotherEpochInAnAnswerMakesTheClientReadTheNewRing() throws Exception {
        byte[] key = keysOf(a, 1).get(0);
        // The new ring swaps A's and B's tokens: A's keys now belong to B.
        serve(ring(2, Map.of(a, QUARTER.multiply(BigInteger.TWO), b, QUARTER, c, QUARTER.multiply(BigInteger.valueOf(3))),
                List.of()), "2");
        assertThat(client.get(key).node()).as("still the old ring").isEqualTo("A");
        await().atMost(Duration.ofSeconds(5)).until(() -> client.route(key).get(0).id().equals("B"));
        clearAll();
        assertThat(client.get(key).node()).isEqualTo("B");
        assertThat(a.received()).isEmpty();
    }

    @Test
    void anUnreachableNodeMakesTheClientReadTheRingAgain() throws Exception {
        List<byte[]> keys = keysOf(c, 1);
        long before = ringReads();
        c.stop();
        client.get(keys.get(0));
        await().atMost(Duration.ofSeconds(5)).until(() -> ringReads() > before);
    }

    @Test
    void theRingIsReadPeriodically() throws Exception {
        client.close();
        long before = ringReads();
        client = client(Duration.ofMillis(100));
        await().atMost(Duration.ofSeconds(5)).until(() -> ringReads() >= before + 3);
    }

    @Test
    void withoutAnyRingTheSeedsServe() throws Exception {
        client.close();
        nodes.forEach(n -> n.ring(null));
        a.answer(r -> FakeNode.Answer.of(r.path().equals("/ring") ? 503 : 404, FakeNode.ABSENT));
        b.answer(r -> FakeNode.Answer.of(r.path().equals("/ring") ? 503 : 404, FakeNode.ABSENT));
        client = client(Duration.ofMinutes(10));
        for (byte[] key : keysOf(c, 3)) {
            assertThat(client.get(key).node()).isEqualTo("A");
        }
    }
}
