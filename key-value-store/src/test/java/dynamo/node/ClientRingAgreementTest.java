package dynamo.node;

import static org.assertj.core.api.Assertions.assertThat;

import dynamo.client.ring.ClientRing;
import dynamo.client.ring.RingJson;
import dynamo.client.ring.RingNode;
import dynamo.core.membership.Member;
import dynamo.core.membership.StaticMembership;
import dynamo.core.ring.Ring;
import dynamo.core.ring.RingLayout;
import io.dropwizard.jackson.Jackson;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The client computes every key's preference list exactly as the node does: the node's ring goes
 * through {@code GET /ring}'s JSON (written by the node's object mapper, read by the client's
 * parser), and for 1,000 random keys the client's list equals the node's {@link Ring}'s.
 */
class ClientRingAgreementTest {

    @ParameterizedTest(name = "{0} nodes, {1} {2}, N = {3}")
    @CsvSource({"5, 1, tokens, 3", "5, 16, tokens, 3", "3, 64, tokens, 3", "7, 8, tokens, 2", "2, 4, tokens, 3",
            "5, 256, partitions, 3", "7, 64, partitions, 2", "2, 256, partitions, 3"})
    void clientAndNodeAgreeOnThePreferenceListOfRandomKeys(int nodes, int count, String layout, int replicas)
            throws Exception {
        List<String> ids = IntStream.rangeClosed(1, nodes).mapToObj(i -> "node" + i).toList();
        Ring ring = (layout.equals("tokens") ? new RingLayout.Tokens(count) : new RingLayout.Partitions(count, replicas))
                .ringOf(ids);
        StaticMembership members = new StaticMembership(ids.stream()
                .map(id -> new Member(id, "tcp://127.0.0.1:1", "http://" + id + ":8080", "http://" + id + ":8081")).toList());
        byte[] json = Jackson.newObjectMapper().writeValueAsBytes(
                RingDescription.of(3, ring, replicas, members::member, id -> true));
        ClientRing client = RingJson.parse(json);

        assertThat(client.epoch()).isEqualTo(3);
        Random random = new Random(nodes * 1000L + count);
        List<String> disagreements = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            byte[] key = new byte[random.nextInt(40)];
            random.nextBytes(key);
            List<String> server = ring.preferenceList(key, replicas);
            List<String> fromClient = client.preferenceList(key).stream().map(RingNode::id).toList();
            if (!server.equals(fromClient)) {
                disagreements.add(server + " vs " + fromClient);
            }
        }
        assertThat(disagreements).isEmpty();
        assertThat(client.node("node1").orElseThrow().url()).hasToString("http://node1:8080");
    }
}
