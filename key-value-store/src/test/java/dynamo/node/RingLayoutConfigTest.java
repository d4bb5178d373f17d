package dynamo.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dynamo.core.ring.RingLayout;
import io.dropwizard.configuration.ConfigurationException;
import org.junit.jupiter.api.Test;

/** {@code replication.layout}: 256 partitions by default, the tokens layout on request, bad values stop the start. */
class RingLayoutConfigTest {
    private static final String BASE = "nodeId: n1\ndataDir: /tmp/x\nbrokerUrl: tcp://127.0.0.1:1\n";

    @Test
    void partitionsAreTheDefault() throws Exception {
        assertThat(DurabilityConfigTest.parse(BASE).replication.ringLayout()).isEqualTo(new RingLayout.Partitions(256, 3));
        assertThat(DurabilityConfigTest.parse(BASE + "replication: {n: 2, partitions: 1024}\n").replication.ringLayout())
                .isEqualTo(new RingLayout.Partitions(1024, 2));
    }

    @Test
    void theTokensLayoutTakesVirtualNodes() throws Exception {
        assertThat(DurabilityConfigTest.parse(BASE + "replication: {layout: tokens}\n").replication.ringLayout())
                .isEqualTo(new RingLayout.Tokens(1));
        assertThat(DurabilityConfigTest.parse(BASE + "replication: {layout: tokens, virtualNodes: 8}\n")
                .replication.ringLayout()).isEqualTo(new RingLayout.Tokens(8));
    }

    @Test
    void badValuesFailTheStartWithTheReason() {
        assertThatThrownBy(() -> DurabilityConfigTest.parse(BASE + "replication: {layout: vnodes}\n"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("replication.layout must be partitions or tokens");
        assertThatThrownBy(() -> DurabilityConfigTest.parse(BASE + "replication: {partitions: 0}\n"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("replication.partitions must be greater than or equal to 1");
        assertThatThrownBy(() -> DurabilityConfigTest.parse(BASE + "replication: {partitions: 5000}\n"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("replication.partitions must be less than or equal to 4096");
    }
}
