package dynamo.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dynamo.consul.DiscoveryConfig;
import dynamo.harness.RepoDir;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the node image's entrypoint outside Docker, with a fake {@code java} that just holds on:
 * checks the config.yml it writes and how scaled replicas claim distinct, stable node ids.
 */
class NodeEntrypointTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper YAML = Jackson.newObjectMapper(new YAMLFactory());

    @TempDir
    Path dir;
    private Path data;
    private final List<Process> started = new ArrayList<>();

    @BeforeEach
    void fakeJava() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/flock")), "flock (util-linux) is not installed");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path java = Files.writeString(bin.resolve("java"), "#!/bin/sh\nexec sleep 60\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        data = Files.createDirectories(dir.resolve("data"));
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : started) {
            p.destroy();
            p.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private Process entrypoint(Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("bash", RepoDir.resolve("docker-machine-weave/node/entrypoint.sh").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("entrypoint.out").toFile()));
        pb.environment().put("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
        pb.environment().put("DATA_ROOT", data.toString());
        pb.environment().put("ADVERTISE_HOST", "10.1.2.3");
        pb.environment().putAll(env);
        Process p = pb.start();
        started.add(p);
        return p;
    }

    private void awaitConfigs(String... ids) {
        await().atMost(WAIT).until(() -> List.of(ids).stream()
                .allMatch(id -> Files.exists(data.resolve(id).resolve("config.yml"))));
    }

    @Test
    void writesAConsulConfigWithSyslogTaggedByNodeIdAndGraphitePrefixedByIt() throws Exception {
        entrypoint(Map.of("SYSLOG_HOST", "log-forwarder", "GRAPHITE_HOST", "graphite"));
        awaitConfigs("node1");

        JsonNode config = YAML.readTree(data.resolve("node1/config.yml").toFile());
        assertThat(config.path("nodeId").asText()).isEqualTo("node1");
        assertThat(config.path("dataDir").asText()).isEqualTo(data.resolve("node1/data").toString());
        assertThat(config.path("brokerUrl").asText()).isEqualTo("tcp://10.1.2.3:61616");
        DiscoveryConfig discovery = YAML.treeToValue(config.path("discovery"), DiscoveryConfig.class);
        assertThat(discovery.type).isEqualTo(DiscoveryConfig.Type.CONSUL);
        assertThat(discovery.httpUrl).isEqualTo("http://10.1.2.3:8080");
        assertThat(discovery.adminUrl).isEqualTo("http://10.1.2.3:8081");
        assertThat(Validators.newValidator().validate(discovery)).isEmpty();
        JsonNode syslog = config.path("logging").path("appenders").get(1);
        assertThat(syslog.path("type").asText()).isEqualTo("syslog");
        assertThat(syslog.path("host").asText()).isEqualTo("log-forwarder");
        assertThat(syslog.path("logFormat").asText()).startsWith("node1%pid: ");
        JsonNode graphite = config.path("metrics").path("reporters").get(0);
        assertThat(graphite.path("type").asText()).isEqualTo("dashboard-graphite");
        assertThat(graphite.path("host").asText()).isEqualTo("graphite");
        assertThat(graphite.path("prefix").asText()).isEqualTo("dynamo.node1");
    }

    @Test
    void withoutSyslogAndGraphiteHostsTheConfigHasNeither() throws Exception {
        entrypoint(Map.of());
        awaitConfigs("node1");

        JsonNode config = YAML.readTree(data.resolve("node1/config.yml").toFile());
        assertThat(config.path("logging").path("appenders")).hasSize(1);
        assertThat(config.has("metrics")).isFalse();
    }

    @Test
    void replicasClaimDistinctSlotsAndAFreedSlotIsTakenOverWithItsData() throws Exception {
        Process first = entrypoint(Map.of());
        awaitConfigs("node1");
        entrypoint(Map.of());
        awaitConfigs("node2");

        first.destroy();
        assertThat(first.waitFor(5, TimeUnit.SECONDS)).isTrue();
        Files.delete(data.resolve("node1/config.yml"));
        entrypoint(Map.of());

        awaitConfigs("node1");
        assertThat(data.resolve("node3")).doesNotExist();
    }

    @Test
    void withHostNetworkingEachSlotBindsAndAdvertisesItsOwnLoopbackAddress() throws Exception {
        Map<String, String> hostNetwork = Map.of("HOST_ADDRESS_TEMPLATE", "127.0.1.%d", "HTTP_PORT", "26001",
                "ADMIN_PORT", "26101", "BROKER_PORT", "26201");
        entrypoint(hostNetwork);
        awaitConfigs("node1");
        entrypoint(hostNetwork);
        awaitConfigs("node2");

        for (int slot = 1; slot <= 2; slot++) {
            JsonNode config = YAML.readTree(data.resolve("node" + slot + "/config.yml").toFile());
            String address = "127.0.1." + slot;
            assertThat(config.path("brokerUrl").asText()).isEqualTo("tcp://" + address + ":26201");
            assertThat(config.path("discovery").path("httpUrl").asText()).isEqualTo("http://" + address + ":26001");
            assertThat(config.path("discovery").path("adminUrl").asText()).isEqualTo("http://" + address + ":26101");
            JsonNode server = config.path("server");
            assertThat(server.path("applicationConnectors").get(0).path("bindHost").asText()).isEqualTo(address);
            assertThat(server.path("adminConnectors").get(0).path("bindHost").asText()).isEqualTo(address);
        }
    }

    @Test
    void withoutATemplateTheNodeListensOnEveryAddress() throws Exception {
        entrypoint(Map.of());
        awaitConfigs("node1");

        JsonNode server = YAML.readTree(data.resolve("node1/config.yml").toFile()).path("server");
        assertThat(server.path("applicationConnectors").get(0).path("bindHost").asText()).isEqualTo("0.0.0.0");
    }

    @Test
    void aFixedNodeIdThatAlreadyRunsIsRefused() throws Exception {
        entrypoint(Map.of("NODE_ID", "alpha"));
        awaitConfigs("alpha");

        Process second = entrypoint(Map.of("NODE_ID", "alpha"));

        assertThat(second.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).isNotZero();
        assertThat(Files.readString(dir.resolve("entrypoint.out"))).contains("alpha already runs");
    }
}
