package dynamo.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A cluster run by the real {@code bin/cluster} in a private run directory and port range; closing
 * it keeps the node, syslog and carbon logs under target/cluster-logs/ and runs {@code down --purge}.
 */
public final class LiveCluster implements AutoCloseable {
    /** bin/cluster uses B..B+99, B+100+i and B+200+i: ranges 300 apart never overlap. */
    private static final int FIRST_BASE_PORT = 23_000;
    private static final int PORTS_PER_CLUSTER = 300;
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(5);
    /** Seconds bin/cluster waits for each node's health: generous, the machine is shared. */
    private static final String START_TIMEOUT_SECONDS = "200";

    private final String name;
    private final int nodes;
    private final Path repo = RepoDir.root();
    private final Path runDir;
    private final int basePort;
    private final Thread cleanupOnExit = new Thread(this::downQuietly, "live-cluster-cleanup");
    private final ObjectMapper json = new ObjectMapper();

    private LiveCluster(String name, int nodes) throws IOException {
        this.name = name;
        this.nodes = nodes;
        this.runDir = Files.createTempDirectory("dynamo-" + name + "-");
        this.basePort = freeBasePort(nodes);
    }

    /** {@code bin/cluster up NODES OPTIONS...}; returns once every node is healthy. */
    public static LiveCluster up(String name, int nodes, String... options) throws IOException, InterruptedException {
        LiveCluster cluster = new LiveCluster(name, nodes);
        Runtime.getRuntime().addShutdownHook(cluster.cleanupOnExit);
        List<String> args = new ArrayList<>(List.of("up", Integer.toString(nodes)));
        args.addAll(List.of(options));
        try {
            cluster.run(args.toArray(String[]::new));
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    public List<Integer> indices() {
        return IntStream.rangeClosed(1, nodes).boxed().toList();
    }

    public URI nodeUrl(int index) {
        return URI.create("http://127.0.0." + index + ":" + (basePort + index)); // bin/cluster: node i on 127.0.0.i
    }

    public URI adminUrl(int index) {
        return URI.create("http://127.0.0." + index + ":" + (basePort + 100 + index));
    }

    /** The log browser's page when bin/cluster runs it (--syslog, B+95). */
    public URI logBrowserUrl() {
        return URI.create("http://127.0.0.1:" + (basePort + 95) + "/");
    }

    /** graphite-web's port when bin/cluster runs it (B+96). */
    URI graphiteWebUrl() {
        return URI.create("http://127.0.0.1:" + (basePort + 96));
    }

    public Path runDir() {
        return runDir;
    }

    /** The pid {@code bin/cluster status --json} reports for node {@code index}, or null when down. */
    public Long pid(int index) throws IOException, InterruptedException {
        for (JsonNode node : json.readTree(run("status", "--json"))) {
            if (node.path("index").asInt() == index) {
                return node.path("pid").isNumber() ? node.path("pid").asLong() : null;
            }
        }
        throw new IllegalArgumentException("no node " + index);
    }

    String status() throws IOException, InterruptedException {
        return run("status");
    }

    void kill(int index) throws IOException, InterruptedException {
        run("kill", Integer.toString(index));
    }

    void start(int index) throws IOException, InterruptedException {
        run("start", Integer.toString(index));
    }

    @Override
    public void close() {
        keepLogs();
        downQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupOnExit);
        } catch (IllegalStateException | IllegalArgumentException exitingOrGone) {
            // The JVM is exiting and the hook runs anyway, or it was removed already.
        }
    }

    private void downQuietly() {
        try {
            run("down", "--purge");
        } catch (IOException | InterruptedException e) {
            System.err.println("[" + name + "] bin/cluster down --purge failed: " + e.getMessage());
        }
    }

    /** Copies the small logs (not data, not whisper files) before down --purge deletes them. */
    private void keepLogs() {
        Path target = repo.resolve("key-value-store/target/cluster-logs").resolve(name);
        try (Stream<Path> files = Files.walk(runDir)) {
            for (Path file : files.filter(LiveCluster::isLog).sorted(Comparator.naturalOrder()).toList()) {
                Path copy = target.resolve(runDir.relativize(file).toString().replace('/', '-'));
                Files.createDirectories(target);
                Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            System.err.println("[" + name + "] could not keep the logs: " + e.getMessage());
        }
    }

    private static boolean isLog(Path file) {
        return Files.isRegularFile(file) && file.getFileName().toString().endsWith(".log")
                && !file.toString().contains("/data/");
    }

    /** Runs bin/cluster with this cluster's run directory and ports; its stdout, or an IOException. */
    private String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(repo.resolve("bin/cluster").toString());
        command.addAll(List.of(args));
        String what = "bin/cluster " + String.join(" ", args);
        Path output = Files.createTempFile("live-cluster-out", ".log");
        Path errors = Files.createTempFile("live-cluster-err", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(repo.toFile())
                .redirectOutput(output.toFile()).redirectError(errors.toFile());
        builder.environment().put("DYNAMO_RUN_DIR", runDir.toString());
        builder.environment().put("DYNAMO_BASE_PORT", Integer.toString(basePort));
        builder.environment().putIfAbsent("DYNAMO_START_TIMEOUT", START_TIMEOUT_SECONDS);
        try {
            Process process = builder.start();
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(what + " did not finish in " + COMMAND_TIMEOUT);
            }
            if (process.exitValue() != 0) {
                throw new IOException(what + " exited with " + process.exitValue() + ":\n" + Files.readString(errors));
            }
            return Files.readString(output);
        } finally {
            Files.deleteIfExists(output);
            Files.deleteIfExists(errors);
        }
    }

    /** The first range from 23000 up whose ports (TCP, and UDP B+98 for rsyslog) are all free. */
    private static int freeBasePort(int nodes) {
        for (int base = FIRST_BASE_PORT; base < 32_000; base += PORTS_PER_CLUSTER) {
            int b = base;
            IntStream tcp = IntStream.concat(IntStream.rangeClosed(b + 95, b + 99).filter(p -> p != b + 98),
                    IntStream.rangeClosed(1, nodes).flatMap(i -> IntStream.of(b + i, b + 100 + i, b + 200 + i)));
            if (bindableUdp(b + 98) && IntStream.concat(IntStream.of(b), tcp).allMatch(LiveCluster::bindableTcp)) {
                return base;
            }
        }
        throw new IllegalStateException("no free port range between 23000 and 32000");
    }

    private static boolean bindableTcp(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean bindableUdp(int port) {
        try (DatagramSocket socket = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
