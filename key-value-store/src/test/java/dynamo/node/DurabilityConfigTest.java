package dynamo.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dynamo.bdb.Durability;
import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code durability:} as Dropwizard reads a node's YAML: os by default, sync on request, a typo stops the start. */
class DurabilityConfigTest {
    private static final String BASE = "nodeId: n1\ndataDir: /tmp/x\nbrokerUrl: tcp://127.0.0.1:1\n";

    @Test
    void osIsTheDefaultAndSyncCanBeChosen() throws Exception {
        assertThat(parse(BASE).durability).isEqualTo(Durability.OS);
        assertThat(parse(BASE + "durability: sync\n").durability).isEqualTo(Durability.SYNC);
    }

    @Test
    void anUnknownValueFailsWithTheChoices() {
        assertThatThrownBy(() -> parse(BASE + "durability: fsync\n"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("durability must be one of os, sync, got 'fsync'");
    }

    /** A node configuration as Dropwizard reads and validates it at start-up. */
    static DynamoConfiguration parse(String yaml) throws Exception {
        YamlConfigurationFactory<DynamoConfiguration> factory = new YamlConfigurationFactory<>(
                DynamoConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw");
        return factory.build(path -> new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "node.yml");
    }
}
