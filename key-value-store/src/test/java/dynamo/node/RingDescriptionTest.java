package dynamo.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dynamo.client.ring.ClientRing;
import dynamo.client.ring.RingJson;
import dynamo.client.ring.RingNode;
import dynamo.core.epoch.RingConfig;
import dynamo.core.membership.Member;
import dynamo.core.membership.StaticMembership;
import dynamo.core.ring.Ring;
import dynamo.core.ring.RingLayout;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RingDescriptionTest {
    private static final RingDescription.MoveProgress IDLE = new RingDescription.MoveProgress("idle", 0, 0);
    private final Ring ring = new Ring(List.of("node1", "node2", "node3"), 4);
    private final StaticMembership members = new StaticMembership(List.of(
            new Member("node1", "tcp://127.0.0.1:1", "http://127.0.0.1:11", "http://127.0.0.1:111"),
            new Member("node2", "tcp://127.0.0.1:2", "http://127.0.0.1:12")));

    private RingDescription describe() {
        return RingDescription.of(7, ring, 3, members::member, node -> !node.equals("node2"));
    }

    @Test
    void listsEveryNodeOfTheRingWithItsUrlsAndWhetherItSeemsUp() {
        RingDescription ring = describe();
        assertThat(ring.replicas()).isEqualTo(3);
        assertThat(ring.partitioner()).isEqualTo("md5");
        assertThat(ring.nodes()).extracting(RingDescription.NodeEntry::id).containsExactly("node1", "node2", "node3");
        assertThat(ring.nodes().get(0).url()).isEqualTo("http://127.0.0.1:11");
        assertThat(ring.nodes().get(0).adminUrl()).isEqualTo("http://127.0.0.1:111");
        assertThat(ring.nodes().get(1).adminUrl()).as("no admin URL configured").isNull();
        assertThat(ring.nodes().get(2).url()).as("not a member (yet)").isNull();
        assertThat(ring.nodes()).extracting(RingDescription.NodeEntry::seemsUp).containsExactly(true, false, true);
    }

    @Test
    void everyTokenAppearsOnceUnderItsOwnerAsAnUnsignedDecimal() {
        List<Long> tokens = new ArrayList<>();
        for (RingDescription.NodeEntry node : describe().nodes()) {
            assertThat(node.tokens()).hasSize(4);
            for (String token : node.tokens()) {
                BigInteger value = new BigInteger(token);
                assertThat(value.signum()).isNotNegative();
                assertThat(value.bitLength()).isLessThanOrEqualTo(64);
                long position = value.longValue();
                assertThat(ring.owners().get(position)).isEqualTo(node.id());
                tokens.add(position);
            }
        }
        assertThat(tokens).containsExactlyInAnyOrderElementsOf(ring.tokens());
    }

    @Test
    void theEpochIsTheConfigsEpochAndTheFingerprintStaysAlongside() {
        assertThat(describe().epoch()).isEqualTo(7);
        assertThat(describe().fingerprint()).isEqualTo(ring.fingerprint());
        assertThat(describe().nodes()).extracting(RingDescription.NodeEntry::state).containsOnly("normal");
    }

    @Test
    void jsonHasTheDocumentedFieldNames() throws Exception {
        JsonNode json = new ObjectMapper().valueToTree(describe());
        assertThat(json.fieldNames()).toIterable()
                .containsExactly("epoch", "fingerprint", "replicas", "partitioner", "nodes", "move");
        assertThat(json.path("nodes").get(0).fieldNames()).toIterable()
                .containsExactly("id", "url", "adminUrl", "tokens", "state", "seemsUp", "share");
        assertThat(json.path("move").isNull()).as("no move under way").isTrue();
        assertThat(json.path("epoch").isIntegralNumber()).isTrue();
        assertThat(json.path("nodes").get(0).path("tokens").get(0).isTextual()).isTrue();
    }

    @Test
    void eachNodesShareIsThePercentageOfKeysItReplicates() {
        RingConfig config = RingConfig.seed(List.of("node1", "node2", "node3", "node4"), new RingLayout.Partitions(16, 3));
        RingDescription ring = RingDescription.of(config, 3, members::member, node -> true, IDLE);
        assertThat(ring.nodes()).extracting(RingDescription.NodeEntry::share).containsOnly(75.0);
        RingDescription all = RingDescription.of(RingConfig.seed(List.of("node1", "node2"), new RingLayout.Partitions(16, 3)),
                3, members::member, node -> true, IDLE);
        assertThat(all.nodes()).extracting(RingDescription.NodeEntry::share).as("fewer nodes than N").containsOnly(100.0);
    }

    @Test
    void duringAMoveJoiningNodesAreListedWithoutTokensAndLeavingOnesKeepTheirs() {
        RingConfig before = RingConfig.seed(List.of("node1", "node2", "node3", "node4"), new RingLayout.Partitions(16, 3));
        RingConfig moving = before.startingMove(List.of("node1", "node2", "node3", "node5"),
                List.of(new Member("node5", "tcp://127.0.0.5:5", "http://127.0.0.5:15", "http://127.0.0.5:115")));
        RingDescription ring = RingDescription.of(moving, 3, members::member, node -> true,
                new RingDescription.MoveProgress("streaming 4 ranges to [node5]", 10, 2048));

        assertThat(ring.epoch()).isEqualTo(2);
        assertThat(ring.fingerprint()).as("the ring served is still the old one").isEqualTo(before.ring().fingerprint());
        assertThat(ring.nodes()).extracting(RingDescription.NodeEntry::id)
                .containsExactly("node1", "node2", "node3", "node4", "node5");
        assertThat(ring.nodes()).extracting(RingDescription.NodeEntry::state)
                .containsExactly("normal", "normal", "normal", "leaving", "joining");
        RingDescription.NodeEntry joining = ring.nodes().get(4);
        assertThat(joining.tokens()).isEmpty();
        assertThat(joining.share()).isZero();
        assertThat(ring.nodes().get(3).tokens()).hasSize(4);
        assertThat(ring.nodes().get(3).share()).isEqualTo(75.0);

        RingDescription.MoveEntry move = ring.move();
        assertThat(move.epoch()).isEqualTo(2);
        assertThat(move.members()).containsExactly("node1", "node2", "node3", "node5");
        assertThat(move.shares()).containsOnlyKeys("node1", "node2", "node3", "node5").containsEntry("node5", 75.0);
        assertThat(move.phase()).isEqualTo("streaming 4 ranges to [node5]");
        assertThat(move.keysStreamed()).isEqualTo(10);
        assertThat(move.bytesStreamed()).isEqualTo(2048);
    }

    @Test
    void aClientReadsTheRingOfAMoveAsTheCurrentRing() throws Exception {
        RingConfig moving = RingConfig.seed(List.of("node1", "node2", "node3"), new RingLayout.Partitions(16, 3))
                .startingMove(List.of("node1", "node2", "node3", "node4"), List.of());
        byte[] json = new ObjectMapper().writeValueAsBytes(RingDescription.of(moving, 3, members::member, node -> true, IDLE));
        ClientRing client = RingJson.parse(json);
        byte[] key = "some key".getBytes(StandardCharsets.UTF_8);
        assertThat(client.preferenceList(key)).extracting(RingNode::id)
                .containsExactlyElementsOf(moving.ring().preferenceList(key, 3));
    }
}
