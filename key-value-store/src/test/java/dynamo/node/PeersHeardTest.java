package dynamo.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PeersHeardTest {

    @Test
    void splitsTheOtherMembersIntoHeardAndSilentInOrder() {
        PeersHeard peers = PeersHeard.of("node2", List.of("node4", "node1", "node2", "node3"),
                Set.of("node1", "node2", "node4")::contains);

        assertThat(peers.node()).isEqualTo("node2");
        assertThat(peers.heard()).containsExactly("node1", "node4");
        assertThat(peers.silent()).containsExactly("node3");
    }

    @Test
    void aNodeAloneHasNoPeers() {
        PeersHeard peers = PeersHeard.of("node1", List.of("node1"), node -> false);

        assertThat(peers.heard()).isEmpty();
        assertThat(peers.silent()).isEmpty();
    }
}
