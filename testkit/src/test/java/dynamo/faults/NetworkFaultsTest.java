package dynamo.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The iptables rules themselves, on addresses and ports nothing uses (127.0.0.201-203): what a cut
 * or a lossy link adds, and that a heal removes exactly those, never a rule of someone else, even
 * one whose tag starts like ours. Needs iptables and root (skipped otherwise).
 */
class NetworkFaultsTest {
    private final String tag = "dynamo-faults-test-" + System.nanoTime();
    private final Map<Integer, NetworkFaults.Endpoint> nodes = new TreeMap<>(Map.of(
            1, new NetworkFaults.Endpoint("127.0.0.201", 1),
            2, new NetworkFaults.Endpoint("127.0.0.202", 2),
            3, new NetworkFaults.Endpoint("127.0.0.203", 3)));

    @BeforeEach
    void needsIptables() {
        assumeTrue(NetworkFaults.available(), "iptables is not usable here (not installed, or not root)");
    }

    @Test
    void aCutBothWaysDropsBothConnectionsOfEveryPeerAndTheHealRemovesOnlyOurs() throws Exception {
        try (NetworkFaults ours = new NetworkFaults(nodes, tag);
                NetworkFaults similar = new NetworkFaults(nodes, tag + "0")) {
            similar.cutOff(3, NetworkFaults.Direction.OUTGOING);
            ours.cutOff(1, NetworkFaults.Direction.BOTH);
            // per peer: node 1's connection to the peer's broker and the peer's to node 1's, two packet directions each
            assertThat(ours.rules()).hasSize(8)
                    .anySatisfy(rule -> assertThat(rule).contains("-s 127.0.0.201/32 -d 127.0.0.202/32")
                            .contains("--dport 2").contains("-j DROP"))
                    .anySatisfy(rule -> assertThat(rule).contains("-s 127.0.0.202/32 -d 127.0.0.201/32")
                            .contains("--sport 2"))
                    .anySatisfy(rule -> assertThat(rule).contains("-s 127.0.0.203/32 -d 127.0.0.201/32")
                            .contains("--dport 1"))
                    .noneSatisfy(rule -> assertThat(rule).contains("-s 127.0.0.202/32 -d 127.0.0.203/32"));
            ours.heal();
            assertThat(ours.rules()).isEmpty();
            assertThat(similar.rules()).as("another run's rules").hasSize(4);
        }
    }

    @Test
    void aOneWayCutDropsOnlyTheConnectionsCarryingThatDirection() throws Exception {
        try (NetworkFaults ours = new NetworkFaults(nodes, tag)) {
            ours.cutOff(2, NetworkFaults.Direction.INCOMING);
            List<String> rules = ours.rules();
            assertThat(rules).hasSize(4).allSatisfy(rule -> assertThat(rule).containsAnyOf("--dport 2", "--sport 2"));
        }
    }

    @Test
    void aLossyLinkDropsAShareOfEachPacketKindAndClosingRemovesIt() throws Exception {
        NetworkFaults ours = new NetworkFaults(nodes, tag);
        ours.lossy(3, 0.1);
        assertThat(ours.rules()).hasSize(8).allSatisfy(rule -> assertThat(rule).contains("--mode random --probability 0.1"));
        ours.close();
        assertThat(ours.rules()).isEmpty();
    }

    @Test
    void aTagThatCouldMatchOtherRulesOrBreakTheCommandIsRefused() {
        for (String bad : List.of("short", "with space here", "quote\"inside-it", "")) {
            assertThatThrownBy(() -> new NetworkFaults(nodes, bad))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
