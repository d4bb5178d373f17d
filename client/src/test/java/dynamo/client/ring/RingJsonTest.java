package dynamo.client.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RingJsonTest {
    private static ClientRing parse(String json) throws IOException {
        return RingJson.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheNodesRingWithTokensAboveTwoToThe63() throws Exception {
        ClientRing ring = parse("""
                {"epoch": 4611686018427387905, "replicas": 2, "partitioner": "md5", "nodes": [
                  {"id": "node1", "url": "http://127.0.0.1:18001", "adminUrl": "http://127.0.0.1:18101",
                   "tokens": ["18446744073709551615", "3"], "seemsUp": true},
                  {"id": "node2", "url": "http://127.0.0.1:18002", "adminUrl": null, "tokens": ["7"], "seemsUp": false}]}
                """);
        assertThat(ring.epoch()).isEqualTo(4611686018427387905L);
        assertThat(ring.replicas()).isEqualTo(2);
        RingNode first = ring.nodes().get(0);
        assertThat(first.tokens()).containsExactly(-1L, 3L);
        assertThat(first.url()).isEqualTo(URI.create("http://127.0.0.1:18001"));
        assertThat(ring.nodes().get(1).adminUrl()).isNull();
        assertThat(ring.nodes().get(1).seemsUp()).isFalse();
        assertThat(ring.preferenceListAt(5)).extracting(RingNode::id).containsExactly("node2", "node1");
    }

    @Test
    void refusesOtherPartitionersAndRingsWithoutTokens() {
        assertThatThrownBy(() -> parse("{\"epoch\":1,\"replicas\":3,\"partitioner\":\"murmur3\",\"nodes\":[]}"))
                .isInstanceOf(IOException.class).hasMessageContaining("murmur3");
        assertThatThrownBy(() -> parse("{\"epoch\":1,\"replicas\":3,\"partitioner\":\"md5\",\"nodes\":[]}"))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> parse("[]")).isInstanceOf(IOException.class);
    }
}
