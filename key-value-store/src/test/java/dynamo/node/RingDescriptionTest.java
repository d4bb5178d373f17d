package dynamo.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dynamo.core.membership.Member;
import dynamo.core.membership.StaticMembership;
import dynamo.core.ring.Ring;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RingDescriptionTest {
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
        assertThat(json.fieldNames()).toIterable().containsExactly("epoch", "fingerprint", "replicas", "partitioner", "nodes");
        assertThat(json.path("nodes").get(0).fieldNames()).toIterable()
                .containsExactly("id", "url", "adminUrl", "tokens", "state", "seemsUp");
        assertThat(json.path("epoch").isIntegralNumber()).isTrue();
        assertThat(json.path("nodes").get(0).path("tokens").get(0).isTextual()).isTrue();
    }
}
