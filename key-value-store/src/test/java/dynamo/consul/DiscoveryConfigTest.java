package dynamo.consul;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DiscoveryConfigTest {
    private final ObjectMapper yaml = Jackson.newObjectMapper(new YAMLFactory());
    private final Validator validator = Validators.newValidator();

    @Test
    void readsTheConsulSectionOfANodeConfig() throws Exception {
        DiscoveryConfig config = yaml.readValue("""
                type: consul
                consulUrl: http://consul-agent:8500
                httpUrl: http://10.0.0.5:8080
                adminUrl: http://10.0.0.5:8081
                pollMillis: 500
                """, DiscoveryConfig.class);

        assertThat(config.type).isEqualTo(DiscoveryConfig.Type.CONSUL);
        assertThat(config.consulUrl).isEqualTo("http://consul-agent:8500");
        assertThat(config.serviceName).isEqualTo("dynamo");
        assertThat(config.pollMillis).isEqualTo(500);
        assertThat(validator.validate(config)).isEmpty();
    }

    @Test
    void consulWithoutAdvertisedUrlsIsInvalid() throws Exception {
        DiscoveryConfig config = yaml.readValue("type: consul\nhttpUrl: http://10.0.0.5:8080\n", DiscoveryConfig.class);

        Set<ConstraintViolation<DiscoveryConfig>> violations = validator.validate(config);

        assertThat(violations).extracting(ConstraintViolation::getMessage)
                .containsExactly("discovery type consul needs httpUrl and adminUrl");
    }

    @Test
    void staticIsTheDefaultAndNeedsNoUrls() {
        DiscoveryConfig config = new DiscoveryConfig();
        assertThat(config.type).isEqualTo(DiscoveryConfig.Type.STATIC);
        assertThat(validator.validate(config)).isEmpty();
    }
}
