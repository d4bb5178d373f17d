package dynamo.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dynamo.harness.RepoDir;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Renders haproxy/consul-template/haproxy.ctmpl as consul-template would and has HAProxy check it. */
class HaproxyConsulTemplateTest {
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");

    @TempDir
    Path dir;

    private static Map<String, Object> node(String id, String address) {
        return Map.of("ID", id, "Name", "dynamo", "Address", address, "Port", 8080,
                "ServiceMeta", Map.of("nodeId", id, "adminPort", "8081"));
    }

    private static String render(List<Map<String, Object>> instances) throws IOException {
        String template = Files.readString(RepoDir.resolve("haproxy/consul-template/haproxy.ctmpl"));
        return ConsulTemplateSubset.render(template, Map.of("dynamo", instances));
    }

    @Test
    void everyHealthyNodeIsACheckedWriteServerAndATrackingReadServer() throws Exception {
        Map<String, Object> alien = Map.of("ID", "web", "Name", "dynamo", "Address", "10.0.0.9", "Port", 80,
                "ServiceMeta", Map.of());

        String config = render(List.of(node("node1", "10.0.0.11"), node("node2", "10.0.0.12"), alien));

        assertThat(config).startsWith("global\n")
                .contains("    server node1 10.0.0.11:8080 check port 8081\n")
                .contains("    server node2 10.0.0.12:8080 check port 8081\n")
                .contains("    server node1 10.0.0.11:8080 track nodes/node1\n")
                .contains("    server node2 10.0.0.12:8080 track nodes/node2\n")
                .doesNotContain("10.0.0.9");
        assertHaproxyAccepts(config);
    }

    @Test
    void withNoHealthyNodeTheConfigIsStillValid() throws Exception {
        String config = render(List.of());

        assertThat(config).doesNotContain("\n    server ");
        assertHaproxyAccepts(config);
    }

    @Test
    void theRendererRejectsWhatItDoesNotUnderstand() {
        assertThatThrownBy(() -> ConsulTemplateSubset.render("{{ key \"x\" }}", Map.of()))
                .hasMessageContaining("outside the supported subset");
        assertThatThrownBy(() -> ConsulTemplateSubset.render("{{ range service \"s\" }}{{ .Nope }}{{ end }}",
                Map.of("s", List.of(Map.of())))).hasMessageContaining("no field Nope");
    }

    private void assertHaproxyAccepts(String config) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(HAPROXY), "haproxy is not installed");
        Path file = Files.writeString(dir.resolve("haproxy.cfg"), config);
        Process check = new ProcessBuilder(HAPROXY.toString(), "-c", "-f", file.toString())
                .redirectErrorStream(true).start();
        String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor()).as("haproxy -c:\n%s\nconfig:\n%s", out, config).isZero();
    }
}
