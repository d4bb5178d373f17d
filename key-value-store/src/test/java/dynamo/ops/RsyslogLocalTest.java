package dynamo.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dynamo.harness.RepoDir;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs a real rsyslogd, unprivileged, on logging/rsyslog-local.conf.template and checks that lines
 * sent the way the nodes send them land in one file per node.
 */
class RsyslogLocalTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    @AutoClose
    private LocalDaemon rsyslogd;

    @Test
    void writesOneFilePerNodeFromLoggerAndFromASyslogAppenderDatagram() throws Exception {
        Path binary = executable("/usr/sbin/rsyslogd");
        Path logger = executable("/usr/bin/logger");
        int port = freeUdpPort();
        Path logs = dir.resolve("logs");
        start(binary, render(port, logs));
        awaitListening(port, logs);

        run(logger.toString(), "-d", "-n", "127.0.0.1", "-P", Integer.toString(port), "-t", "node1", "hello");
        // What Dropwizard's syslog appender sends with logFormat "node2%pid: ...": RFC 3164 over UDP.
        send(port, "<134>Nov 21 11:21:14 somehost node2[4711]: INFO  [main] dynamo.node: started");

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(lines(logs.resolve("node1.log"))).anySatisfy(l -> assertThat(l).endsWith("node1 hello"));
            assertThat(lines(logs.resolve("node2.log")))
                    .anySatisfy(l -> assertThat(l).endsWith("node2[4711]: INFO  [main] dynamo.node: started"));
        });
        assertThat(lines(logs.resolve("node1.log"))).noneMatch(l -> l.contains("node2"));
    }

    @Test
    void aTagWithDotsOrSlashesStaysInsideTheLogDirectory() throws Exception {
        Path binary = executable("/usr/sbin/rsyslogd");
        int port = freeUdpPort();
        Path logs = dir.resolve("logs");
        start(binary, render(port, logs));
        awaitListening(port, logs);

        send(port, "<134>Nov 21 11:21:14 somehost ../escape: sneaky");

        await().atMost(WAIT).until(() -> filesContaining(logs, "sneaky") == 1);
        try (var entries = Files.list(dir)) {
            assertThat(entries.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("logs", "work", "rsyslog.conf", "rsyslog.pid", "rsyslogd.out");
        }
    }

    private static long filesContaining(Path logs, String text) throws IOException {
        try (var files = Files.list(logs)) {
            return files.filter(f -> {
                try {
                    return Files.readString(f).contains(text);
                } catch (IOException e) {
                    return false;
                }
            }).count();
        }
    }

    private Path render(int port, Path logs) throws IOException {
        Path work = Files.createDirectories(dir.resolve("work"));
        String conf = Files.readString(RepoDir.resolve("logging/rsyslog-local.conf.template"))
                .replace("@PORT@", Integer.toString(port))
                .replace("@LOG_DIR@", logs.toString())
                .replace("@WORK_DIR@", work.toString());
        assertThat(conf).doesNotContain("@PORT@", "@LOG_DIR@", "@WORK_DIR@");
        return Files.writeString(dir.resolve("rsyslog.conf"), conf);
    }

    private void start(Path binary, Path conf) throws IOException {
        rsyslogd = LocalDaemon.start(
                new ProcessBuilder(binary.toString(), "-n", "-f", conf.toString(), "-i", dir.resolve("rsyslog.pid").toString()),
                dir.resolve("rsyslogd.out"), Duration.ofSeconds(5));
    }

    /** UDP sent before rsyslogd binds is lost: probe until a probe line has been written. */
    private void awaitListening(int port, Path logs) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            assertThat(rsyslogd.isAlive()).as("rsyslogd output: %s", rsyslogd.output()).isTrue();
            send(port, "<134>Nov 21 11:21:14 somehost probe: ready?");
            return Files.exists(logs.resolve("probe.log"));
        });
    }

    private static Path executable(String path) {
        Path p = Path.of(path);
        assumeTrue(Files.isExecutable(p), path + " is not installed (apt-get install rsyslog bsdutils)");
        return p;
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void send(int port, String line) throws IOException {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("%s: %s", List.of(command), out).isZero();
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }
}
