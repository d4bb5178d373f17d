package dynamo.node;

import static org.assertj.core.api.Assertions.assertThat;

import dynamo.bdb.BdbEnvironment;
import dynamo.harness.ChildJvm;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node JVM ({@code DynamoApplication server config.yml}) whose broker port another process holds:
 * it exits with 1 within a bounded time, its first error line and its last line on stderr name the
 * cause, it closed the JE environment it had opened, and JE opens that directory afterwards (no lock
 * left). A fresh JVM on loopback, its HTTP ports chosen by the OS: a few seconds.
 */
class NodeStartFailureTest {
    private static final long EXIT_WITHIN_SECONDS = 60;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aTakenBrokerPortEndsTheNodeWithOneClearLineAndNoJeLock() throws Exception {
        Path data = dir.resolve("data");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            ChildJvm child = start(writeConfig(port, data));
            Process node = child.process();
            try {
                boolean exited = node.waitFor(EXIT_WITHIN_SECONDS, TimeUnit.SECONDS);
                String out = Files.readString(child.stdout(), StandardCharsets.UTF_8);
                String err = Files.readString(child.stderr(), StandardCharsets.UTF_8);
                assertThat(exited).as("node exited within %d s; stdout:%n%s%nstderr:%n%s", EXIT_WITHIN_SECONDS, out, err)
                        .isTrue();
                assertThat(node.exitValue()).as("exit code; stderr:%n%s", err).isEqualTo(1);
                String reason = "node1 cannot start: broker port 127.0.0.1:" + port + " is already in use";
                assertThat(linesWith(out, "ERROR")).as("stdout:%n%s", out).first().asString().contains(reason);
                assertThat(err.strip().lines().reduce((first, second) -> second)).as("stderr:%n%s", err)
                        .contains(reason);
                assertThat(out).as("the failed start closed the JE environment it had opened")
                        .contains("closed the JE environment in " + data);
            } finally {
                node.destroyForcibly();
                node.waitFor(10, TimeUnit.SECONDS);
            }
        }
        try (BdbEnvironment environment = new BdbEnvironment(data, 16L << 20)) {
            assertThat(environment.isValid()).as("JE opens the node's directory: no lock left").isTrue();
        }
    }

    private Path writeConfig(int brokerPort, Path data) throws IOException {
        String broker = "tcp://127.0.0.1:" + brokerPort;
        String yaml = String.join("\n",
                "nodeId: node1",
                "dataDir: " + data,
                "brokerUrl: " + broker,
                "peers:",
                "  - {id: node1, brokerUrl: \"" + broker + "\", httpUrl: \"http://127.0.0.1:1\"}",
                "replication: {n: 1, r: 1, w: 1}",
                "server:",
                "  applicationConnectors: [{type: http, bindHost: 127.0.0.1, port: 0}]",
                "  adminConnectors: [{type: http, bindHost: 127.0.0.1, port: 0}]",
                "  requestLog: {appenders: []}",
                "logging:",
                "  level: INFO",
                "  appenders: [{type: console, target: stdout}]",
                "");
        Path config = dir.resolve("config.yml");
        Files.writeString(config, yaml, StandardCharsets.UTF_8);
        return config;
    }

    private ChildJvm start(Path config) throws IOException {
        return ChildJvm.start(dir, "node", List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Djava.io.tmpdir=" + dir), DynamoApplication.class, "server", config.toString());
    }

    private static List<String> linesWith(String text, String word) {
        return text.lines().filter(line -> line.contains(word)).toList();
    }
}
