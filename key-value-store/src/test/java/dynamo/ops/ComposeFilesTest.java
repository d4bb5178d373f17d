package dynamo.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dynamo.harness.RepoDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What can be checked of docker-machine-weave/{master,slave}.yml without a Docker engine: current
 * Compose spec, every file they mount or build exists, and the node service can be scaled.
 */
class ComposeFilesTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path DIR = RepoDir.resolve("docker-machine-weave");

    private static JsonNode compose(String name) throws IOException {
        return YAML.readTree(DIR.resolve(name).toFile());
    }

    private static List<Map.Entry<String, JsonNode>> services(JsonNode compose) {
        List<Map.Entry<String, JsonNode>> services = new ArrayList<>();
        compose.path("services").fields().forEachRemaining(services::add);
        return services;
    }

    @Test
    void masterRunsDiscoveryEntryPointLoggingAndMonitoring() throws IOException {
        JsonNode master = compose("master.yml");

        assertThat(master.path("services").fieldNames()).toIterable()
                .contains("consul-server", "haproxy", "logging-server", "log-browser", "graphite", "grafana");
    }

    @Test
    void theNodeServiceScalesWithoutFixedNamesOrHostPortsAndKeepsDataInAVolume() throws IOException {
        JsonNode node = compose("slave.yml").path("services").path("key-value-store");

        assertThat(node.isMissingNode()).isFalse();
        assertThat(node.has("container_name")).as("a fixed name allows one replica only").isFalse();
        assertThat(node.has("ports")).as("host ports collide between replicas").isFalse();
        assertThat(node.has("hostname")).isFalse();
        assertThat(node.path("volumes")).extracting(JsonNode::asText).contains("node-data:/data");
        assertThat(compose("slave.yml").path("volumes").has("node-data")).isTrue();
        assertThat(node.path("build").path("dockerfile").asText()).isEqualTo("key-value-store/Dockerfile");
    }

    @Test
    void bothFilesUseTheCurrentSpecAndTheSameExternalNetwork() throws IOException {
        for (String file : List.of("master.yml", "slave.yml")) {
            JsonNode compose = compose(file);
            assertThat(compose.has("version")).as("%s: the version key is obsolete", file).isFalse();
            JsonNode network = compose.path("networks").path("default");
            assertThat(network.path("external").asBoolean()).as(file).isTrue();
            assertThat(network.path("name").asText()).as(file).isEqualTo("${DYNAMO_NETWORK:-dynamo}");
        }
    }

    @Test
    void everyMountedFileAndBuildContextExists() throws IOException {
        for (String file : List.of("master.yml", "slave.yml")) {
            for (Map.Entry<String, JsonNode> service : services(compose(file))) {
                for (JsonNode volume : service.getValue().path("volumes")) {
                    String source = volume.asText().split(":")[0];
                    if (source.startsWith(".")) {
                        assertThat(DIR.resolve(source).normalize()).as("%s %s", file, service.getKey()).exists();
                    }
                }
                JsonNode build = service.getValue().path("build");
                if (!build.isMissingNode()) {
                    Path context = DIR.resolve(build.isTextual() ? build.asText() : build.path("context").asText());
                    String dockerfile = build.path("dockerfile").asText("Dockerfile");
                    assertThat(context.resolve(dockerfile).normalize()).as("%s %s", file, service.getKey()).exists();
                }
            }
        }
    }

    @Test
    void loopbackOverridesOnlySlaveServicesAndPutsEachOnTheHostNetworkWithLoopbackAddresses() throws IOException {
        JsonNode slave = compose("slave.yml").path("services");
        List<Map.Entry<String, JsonNode>> loopback = services(compose("loopback.yml"));

        assertThat(loopback).extracting(Map.Entry::getKey).containsExactlyInAnyOrder("consul-agent", "log-forwarder", "key-value-store");
        for (Map.Entry<String, JsonNode> service : loopback) {
            assertThat(slave.has(service.getKey())).as(service.getKey()).isTrue();
            assertThat(service.getValue().path("network_mode").asText()).as(service.getKey()).isEqualTo("host");
            assertThat(service.getValue().has("ports")).as("%s: host networking publishes nothing", service.getKey()).isFalse();
        }
        JsonNode nodeEnv = compose("loopback.yml").path("services").path("key-value-store").path("environment");
        assertThat(nodeEnv.path("HOST_ADDRESS_TEMPLATE").asText()).isEqualTo("${DYNAMO_ADDRESS_TEMPLATE:-127.0.1.%d}");
        assertThat(nodeEnv.path("CONSUL_URL").asText()).startsWith("http://127.0.0.1:");
        assertThat(nodeEnv.path("SYSLOG_HOST").asText()).isEqualTo("127.0.0.1");
    }

    @Test
    void servicesTheNodesNameExistOnTheMaster() throws IOException {
        JsonNode master = compose("master.yml").path("services");
        JsonNode slave = compose("slave.yml").path("services");
        JsonNode nodeEnv = slave.path("key-value-store").path("environment");

        assertThat(master.has(nodeEnv.path("GRAPHITE_HOST").asText())).isTrue();
        assertThat(slave.has(nodeEnv.path("SYSLOG_HOST").asText())).isTrue();
        assertThat(master.has(slave.path("log-forwarder").path("environment").path("CENTRAL_HOST").asText())).isTrue();
        assertThat(nodeEnv.path("CONSUL_URL").asText()).isEqualTo("http://consul-agent:8500");
        assertThat(slave.has("consul-agent")).isTrue();
        // The slave's agent joins the master's server by its service name.
        assertThat(Files.readString(RepoDir.resolve("consul/client.hcl"))).contains("retry_join     = [\"consul-server\"]");
        assertThat(master.has("consul-server")).isTrue();
    }
}
