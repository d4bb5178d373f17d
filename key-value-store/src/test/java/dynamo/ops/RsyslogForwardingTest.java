package dynamo.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dynamo.harness.RepoDir;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The master/slave logging path with real rsyslogd processes started by logging/entrypoint.sh:
 * node → forwarder (slave) → central (master) → one file per node; and the forwarder's queue
 * keeping lines while the central rsyslog is down.
 */
class RsyslogForwardingTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private final List<Process> started = new ArrayList<>();
    private int centralPort;
    private int forwarderPort;

    @BeforeEach
    void ports() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/rsyslogd")), "rsyslogd is not installed");
        // The central rsyslog listens on UDP and TCP: find a port free for both.
        try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                DatagramSocket udp = new DatagramSocket(tcp.getLocalPort(), InetAddress.getLoopbackAddress())) {
            centralPort = tcp.getLocalPort();
        }
        try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            forwarderPort = udp.getLocalPort();
        }
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : started) {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private Process entrypoint(String role, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("sh", RepoDir.resolve("logging/entrypoint.sh").toString(), role)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(role + ".out").toFile()));
        pb.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        pb.environment().put("WORK_DIR", dir.resolve(role + "/work").toString());
        pb.environment().put("RSYSLOG_RUN_DIR", dir.resolve(role + "/run").toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        started.add(p);
        return p;
    }

    private Process central() throws IOException {
        return entrypoint("central", Map.of("SYSLOG_PORT", Integer.toString(centralPort),
                "LOG_DIR", dir.resolve("logs").toString()));
    }

    private Process forwarder(String protocol) throws IOException {
        return entrypoint("forward", Map.of("SYSLOG_PORT", Integer.toString(forwarderPort),
                "CENTRAL_HOST", "127.0.0.1", "CENTRAL_PORT", Integer.toString(centralPort),
                "FORWARD_PROTOCOL", protocol));
    }

    @Test
    void aNodeLineReachesTheCentralFileOfItsNodeOverUdp() throws Exception {
        central();
        forwarder("udp");

        // UDP sent before both daemons listen is lost, as UDP is: keep sending until it arrives.
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> {
            send(forwarderPort, "<134>Nov 21 11:21:14 container-a node3[7]: INFO  [main] dynamo.node: up");
            return contains(dir.resolve("logs/node3.log"), "container-a node3[7]: INFO  [main] dynamo.node: up");
        });
    }

    @Test
    void overTcpTheForwarderKeepsLinesWhileTheCentralIsDownAndDeliversThemLater() throws Exception {
        Process forwarder = forwarder("tcp");
        await().atMost(WAIT).until(() -> udpPortTaken(forwarderPort));
        assertThat(forwarder.isAlive()).isTrue();
        for (int i = 1; i <= 3; i++) {
            send(forwarderPort, "<134>Nov 21 11:21:14 container-b node4[9]: queued line " + i);
        }

        central();

        Path file = dir.resolve("logs/node4.log");
        await().atMost(WAIT).untilAsserted(() -> assertThat(contains(file, "queued line 1")
                && contains(file, "queued line 2") && contains(file, "queued line 3")).isTrue());
    }

    private static boolean udpPortTaken(int port) {
        try (DatagramSocket probe = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static boolean contains(Path file, String text) throws IOException {
        return Files.exists(file) && Files.readString(file).contains(text);
    }

    private static void send(int port, String line) throws IOException {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
        }
    }
}
