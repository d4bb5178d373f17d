package dynamo.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dynamo.harness.RepoDir;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs a real carbon-cache, unprivileged, on monitoring/carbon/carbon.conf.template and the
 * storage schemas, sends it what a node's Graphite reporter sends and checks the whisper files.
 */
class CarbonLocalTest {
    private static final Path CARBON = Path.of("/usr/bin/carbon-cache");
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    @AutoClose
    private LocalDaemon carbon;

    @Test
    void storesReporterLinesWithTheDynamoRetention() throws Exception {
        assumeTrue(Files.isExecutable(CARBON), "carbon-cache is not installed (apt-get install graphite-carbon)");
        int port = freeTcpPort();
        Path conf = render(port);
        ProcessBuilder pb = new ProcessBuilder(CARBON.toString(), "--config=" + conf,
                "--pidfile=" + dir.resolve("carbon-cache.pid"), "--nodaemon", "start");
        pb.environment().put("GRAPHITE_ROOT", dir.toString());
        carbon = LocalDaemon.start(pb, dir.resolve("carbon.out"), Duration.ofSeconds(10));
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            assertThat(carbon.isAlive()).as("carbon-cache output: %s", carbon.output()).isTrue();
            return accepts(port);
        });

        long now = System.currentTimeMillis() / 1000;
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
                OutputStream out = socket.getOutputStream()) {
            out.write(("dynamo.node1.storage.keys 42 " + now + "\n"
                    + "dynamo.node1.coordinator.get.p99 3.5 " + now + "\n").getBytes(StandardCharsets.US_ASCII));
        }

        Path keys = dir.resolve("storage/whisper/dynamo/node1/storage/keys.wsp");
        await().atMost(WAIT).until(() -> Files.exists(keys) && Files.size(keys) > 0);
        assertThat(dir.resolve("storage/whisper/dynamo/node1/coordinator/get/p99.wsp")).exists();
        ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(keys));
        // Whisper header: aggregation, max retention, xFilesFactor, archive count; then per
        // archive: offset, seconds per point, points. The finest archive is 10 s for 6 h.
        assertThat(header.getInt(12)).as("archives").isEqualTo(3);
        assertThat(header.getInt(20)).as("seconds per point").isEqualTo(10);
        assertThat(header.getInt(24)).as("points").isEqualTo(6 * 3600 / 10);
    }

    private Path render(int port) throws IOException {
        Path confDir = Files.createDirectories(dir.resolve("conf"));
        Path carbonDir = RepoDir.resolve("monitoring/carbon");
        String conf = Files.readString(carbonDir.resolve("carbon.conf.template"))
                .replace("@GRAPHITE_DIR@", dir.toString())
                .replace("@LINE_PORT@", Integer.toString(port));
        assertThat(conf).doesNotContain("@GRAPHITE_DIR@", "@LINE_PORT@");
        for (String name : new String[] {"storage-schemas.conf", "storage-aggregation.conf"}) {
            Files.copy(carbonDir.resolve(name), confDir.resolve(name));
        }
        return Files.writeString(confDir.resolve("carbon.conf"), conf);
    }

    private static boolean accepts(int port) {
        try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
