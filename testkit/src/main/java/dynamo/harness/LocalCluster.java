package dynamo.harness;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dynamo.faults.NetworkFaults.Endpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A cluster of real node JVMs run by {@code bin/cluster} in a private run directory and port range,
 * so that several test classes (and colleagues) can run clusters side by side. Closing it stops
 * every node and deletes the run directory, keeping a copy of the node logs under target/.
 */
public final class LocalCluster implements AutoCloseable {
    /** The launcher uses ports B..B+99 (HAProxy), B+100+i (admin) and B+200+i (broker). */
    private static final int PORTS_PER_CLUSTER = 300;
    private static final Duration UP_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration WARM_UP = Duration.ofSeconds(90);
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(4);
    /** Seconds the launcher waits for a node's health: generous, the test machine is shared. */
    private static final String START_TIMEOUT_SECONDS = "200";

    private final String name;
    private final int nodes;
    /** The indices of the ring's members: 1..nodes, then as {@link #add} and {@link #leave} change them. */
    private final List<Integer> members = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The highest node index ever started (a node that left keeps its index and logs). */
    private volatile int highest;
    private static final Duration MOVE_TIMEOUT = Duration.ofMinutes(10);
    private final Path repo;
    private final Path runDir;
    private final int basePort;
    /** Options of {@code bin/cluster up} beyond the node count (e.g. --auth). */
    private final List<String> upOptions;
    /** Where each node's data directory is, when not in the run directory; null: bin/cluster's own. */
    private final DataDirs dataDirs;
    private final Thread cleanupOnExit = new Thread(this::cleanUp, "cluster-cleanup");
    /** Node index to the pid it was SIGSTOPped under: what {@link #close()} must SIGCONT whatever happens. */
    private final Map<Integer, Long> paused = new ConcurrentHashMap<>();
    private final ObjectMapper json = new ObjectMapper();

    private LocalCluster(String name, int nodes, List<String> upOptions, DataDirs dataDirs) throws IOException {
        this.name = name;
        this.nodes = nodes;
        IntStream.rangeClosed(1, nodes).forEach(members::add);
        this.highest = nodes;
        this.upOptions = List.copyOf(upOptions);
        this.dataDirs = dataDirs;
        this.repo = binCluster(RepoDir.root());
        this.runDir = Files.createTempDirectory("dynamo-" + name + "-");
        this.basePort = freeLookingBasePort();
    }

    /** Starts {@code nodes} nodes (N=3, R=W=2) and returns once every one is healthy and serves requests. */
    public static LocalCluster start(String name, int nodes) throws IOException, InterruptedException {
        return start(name, nodes, List.of(), true, null);
    }

    /** Where node i keeps its data (an empty directory), instead of bin/cluster's run directory. */
    @FunctionalInterface
    public interface DataDirs {
        Path of(int node) throws IOException;
    }

    /** As {@link #start(String, int)}, each node's data in {@code dataDirs} (a disk of its own, say). */
    public static LocalCluster start(String name, int nodes, DataDirs dataDirs) throws IOException, InterruptedException {
        return start(name, nodes, List.of(), true, dataDirs);
    }

    /** Starts {@code nodes} nodes and returns as soon as {@code bin/cluster up} does, as a user sees it. */
    public static LocalCluster startCold(String name, int nodes) throws IOException, InterruptedException {
        return start(name, nodes, List.of(), false, null);
    }

    /**
     * As above with options of {@code bin/cluster up}. With options the warm-up through plain-HTTP
     * clients is left to the test (--auth and --https need its tokens and trust store).
     */
    public static LocalCluster start(String name, int nodes, List<String> upOptions) throws IOException, InterruptedException {
        return start(name, nodes, upOptions, upOptions.isEmpty(), null);
    }

    private static LocalCluster start(String name, int nodes, List<String> upOptions, boolean warm, DataDirs dataDirs)
            throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            LocalCluster cluster = new LocalCluster(name, nodes, upOptions, dataDirs);
            try {
                cluster.up(warm);
                return cluster;
            } catch (IOException e) {
                cluster.close();
                if (!String.valueOf(e.getMessage()).contains("already in use")) {
                    throw e;
                }
                last = e; // another process took a port since we looked: try another range
            }
        }
        throw last;
    }

    public int size() {
        return members.size();
    }

    /** The members' node indices, 1-based as in bin/cluster. */
    public List<Integer> indices() {
        return List.copyOf(members);
    }

    /** {@code bin/cluster add}: starts the next node and has it join (its ranges streamed to it); its index. */
    public int add() throws IOException, InterruptedException {
        int index = highest + 1;
        highest = index;
        System.out.println("[" + name + "] bin/cluster add:\n" + run(MOVE_TIMEOUT, "add"));
        members.add(index);
        return index;
    }

    /** {@code bin/cluster leave I}: node I's ranges move to the others, then it stops. */
    public void leave(int index) throws IOException, InterruptedException {
        members.remove(Integer.valueOf(index));
        System.out.println("[" + name + "] bin/cluster leave " + index + ":\n"
                + run(MOVE_TIMEOUT, "leave", Integer.toString(index)));
    }

    /** Node {@code index}'s own loopback address: bin/cluster binds node i's ports on 127.0.0.i. */
    public static String host(int index) {
        return "127.0.0." + index;
    }

    /** Node {@code index}'s API. */
    public URI nodeUrl(int index) {
        return URI.create("http://" + host(index) + ":" + (basePort + index));
    }

    /** Node {@code index}'s admin port. */
    public URI adminUrl(int index) {
        return URI.create("http://" + host(index) + ":" + (basePort + 100 + index));
    }

    /** The log browser's page when bin/cluster runs it (--syslog, B+95). */
    public URI logBrowserUrl() {
        return URI.create("http://127.0.0.1:" + (basePort + 95) + "/");
    }

    /** graphite-web's port when bin/cluster runs it (--graphite, B+96). */
    public URI graphiteWebUrl() {
        return URI.create("http://127.0.0.1:" + (basePort + 96));
    }

    /** The count of each of node {@code index}'s Dropwizard meters (since the node started). */
    public Map<String, Long> meters(int index) throws IOException, InterruptedException {
        Map<String, Long> counts = new TreeMap<>();
        new KvClient(adminUrl(index)).send("GET", "/metrics", null).json().path("meters").fields()
                .forEachRemaining(meter -> counts.put(meter.getKey(), meter.getValue().path("count").asLong()));
        return counts;
    }

    /** The run directory bin/cluster keeps this cluster in (its security/ files, say). */
    public Path runDir() {
        return runDir;
    }

    /** Every node's address and broker port, for {@link dynamo.faults.NetworkFaults}. */
    public Map<Integer, Endpoint> endpoints() {
        Map<Integer, Endpoint> endpoints = new TreeMap<>();
        indices().forEach(i -> endpoints.put(i, new Endpoint(host(i), brokerPort(i))));
        return endpoints;
    }

    /** Node {@code index}'s broker port. */
    public int brokerPort(int index) {
        return basePort + 200 + index;
    }

    /** Where node logs (and whatever a test wants to keep) go: key-value-store/target/cluster-logs/NAME. */
    public Path logDir() throws IOException {
        return Files.createDirectories(repo.resolve("key-value-store/target/cluster-logs").resolve(name));
    }

    /** A client of node {@code index}. */
    public KvClient client(int index) {
        return new KvClient(nodeUrl(index));
    }

    /**
     * Runs another script of bin/ (bin/dynamo, say) against this cluster: with its run directory
     * and base port in the environment, plus {@code env}. Its exit code and output.
     */
    public ScriptResult script(String script, Map<String, String> env, String... args) throws IOException, InterruptedException {
        return exec(script, Map.of(), env, COMMAND_TIMEOUT, args);
    }

    /** Runs bin/SCRIPT in the repository with this cluster's environment, {@code defaults} unless set, and {@code env}. */
    private ScriptResult exec(String script, Map<String, String> defaults, Map<String, String> env, Duration timeout,
            String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(repo.resolve("bin").resolve(script).toString());
        command.addAll(List.of(args));
        Path output = Files.createTempFile(script + "-out", ".log");
        Path errors = Files.createTempFile(script + "-err", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(repo.toFile())
                .redirectOutput(output.toFile()).redirectError(errors.toFile());
        builder.environment().put("DYNAMO_RUN_DIR", runDir.toString());
        builder.environment().put("DYNAMO_BASE_PORT", Integer.toString(basePort));
        defaults.forEach(builder.environment()::putIfAbsent);
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("bin/" + script + " " + String.join(" ", args) + " did not finish in " + timeout);
            }
            return new ScriptResult(process.exitValue(), Files.readString(output), Files.readString(errors));
        } finally {
            Files.deleteIfExists(output);
            Files.deleteIfExists(errors);
        }
    }

    /** What a script run came to. */
    public record ScriptResult(int exitCode, String out, String err) {
    }

    /** HAProxy's port, when HAProxy is installed (bin/cluster starts it then). */
    public URI proxyUrl() {
        return URI.create("http://127.0.0.1:" + basePort);
    }

    public boolean hasProxy() {
        return listening(basePort);
    }

    /** SIGKILLs node {@code index}: a crash, with no chance to flush anything. */
    public void kill(int index) throws IOException, InterruptedException {
        run(COMMAND_TIMEOUT, "kill", Integer.toString(index));
    }

    /** Restarts node {@code index} on its data; returns once it is healthy. */
    public void start(int index) throws IOException, InterruptedException {
        run(COMMAND_TIMEOUT, "start", Integer.toString(index));
    }

    /**
     * SIGSTOPs node {@code index}: a process pause (a long GC, a VM descheduled), its sockets stay
     * open and its peers hear nothing. Only the pid bin/cluster recorded for the node is signalled,
     * and only while its command line is still that node's. Returns once the kernel reports the
     * process stopped. Until {@link #resume} the pid is remembered, and {@link #close()} (or the
     * JVM's exit) resumes it.
     */
    public void pause(int index) throws IOException, InterruptedException {
        long pid = nodePid(index);
        if (paused.putIfAbsent(index, pid) != null) {
            throw new IllegalStateException("node" + index + " is already paused");
        }
        signal("STOP", pid);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!"T".equals(processState(pid))) {
            if (System.nanoTime() > deadline) {
                throw new IOException("node" + index + " (pid " + pid + ") not stopped 5 s after SIGSTOP: state "
                        + processState(pid));
            }
            Thread.sleep(10);
        }
    }

    /** SIGCONTs node {@code index} if {@link #pause} stopped it (the same pid); a no-op otherwise. */
    public void resume(int index) throws IOException, InterruptedException {
        Long pid = paused.get(index);
        if (pid != null) {
            if (owned(index, pid)) {
                signal("CONT", pid);
            }
            paused.remove(index);
        }
    }

    /** Whether node {@code index} is paused by this cluster right now. */
    public boolean isPaused(int index) {
        return paused.containsKey(index);
    }

    public List<NodeStatus> status() throws IOException, InterruptedException {
        return json.readValue(run(COMMAND_TIMEOUT, "status", "--json"), new TypeReference<List<NodeStatus>>() { });
    }

    public NodeStatus status(int index) throws IOException, InterruptedException {
        return status().stream().filter(s -> s.index() == index).findFirst().orElseThrow();
    }

    /** The pid {@code bin/cluster status --json} reports for node {@code index}, or null when down. */
    public Long pid(int index) throws IOException, InterruptedException {
        return status(index).pid();
    }

    /** One line of {@code bin/cluster status --json}. */
    public record NodeStatus(int index, String id, Long pid, String http, String admin, boolean alive) {
    }

    @Override
    public void close() {
        resumeAll();
        keepLogs();
        downQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupOnExit);
        } catch (IllegalStateException | IllegalArgumentException alreadyRunningOrGone) {
            // The JVM is exiting and the hook runs anyway, or it was never registered.
        }
    }

    private void up(boolean warm) throws IOException, InterruptedException {
        Runtime.getRuntime().addShutdownHook(cleanupOnExit);
        if (dataDirs != null) { // bin/cluster keeps node i's data in node<i>/data: a link to where the test wants it
            for (int node : indices()) {
                Path nodeDir = Files.createDirectories(runDir.resolve("node" + node));
                Files.createSymbolicLink(nodeDir.resolve("data"), dataDirs.of(node));
            }
        }
        // bin/cluster's default layout (256 partitions), as users run it; RingModel reads its tokens.
        List<String> args = new ArrayList<>(List.of("up", Integer.toString(nodes)));
        args.addAll(upOptions);
        run(UP_TIMEOUT, args.toArray(String[]::new));
        if (warm) {
            warmUp();
        }
    }

    /**
     * Sends a put and a get through every node for a key of every coordinator, retrying until they
     * succeed: on a loaded machine the first requests through cold JVMs can miss the request
     * deadline, and a test about crashes should not fail on that. The count is printed.
     */
    private void warmUp() throws IOException, InterruptedException {
        int failures = awaitServing(WARM_UP);
        if (failures > 0) {
            System.out.printf("[%s] %d requests failed while warming up the fresh cluster%n", name, failures);
        }
    }

    /**
     * Waits until a put and a get through every node succeed for a key of every coordinator (at most
     * {@code within}); returns how many tries failed first. After a heal a node's broker links may
     * still be reconnecting for a few seconds: a test that starts then would blame its first requests
     * on itself.
     */
    public int awaitServing(Duration within) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        int failures = 0;
        for (int node : indices()) {
            for (String key : keysOfEveryCoordinator()) {
                while (!serves(client(node), key)) {
                    failures++;
                    if (System.nanoTime() > deadline) {
                        throw new IOException("node" + node + " does not serve requests within " + within);
                    }
                    Thread.sleep(500);
                }
            }
        }
        return failures;
    }

    private static boolean serves(KvClient client, String key) throws InterruptedException {
        try {
            return client.put(key, "warm").acknowledged() && client.get(key).found();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Where keys live: the ring node 1 advertises on its admin {@code GET /ring}, once every node
     * that runs advertises the same one (the same epoch).
     */
    public RingModel ring() throws IOException, InterruptedException {
        Map<Integer, Long> epochs = new TreeMap<>();
        JsonNode first = null;
        for (NodeStatus node : status()) {
            if (node.alive()) {
                JsonNode ring = new KvClient(adminUrl(node.index())).send("GET", "/ring", null).json();
                epochs.put(node.index(), ring.path("epoch").asLong());
                first = first == null ? ring : first;
            }
        }
        if (first == null || epochs.values().stream().distinct().count() != 1) {
            throw new IOException("the nodes do not advertise one ring: epochs " + epochs);
        }
        return RingModel.of(first);
    }

    private List<String> keysOfEveryCoordinator() throws IOException, InterruptedException {
        RingModel ring = ring();
        Map<Integer, String> keys = new TreeMap<>();
        for (int i = 0; keys.size() < nodes; i++) {
            String key = "warm-up-" + i;
            keys.putIfAbsent(ring.preferenceList(KvClient.utf8(key)).get(0), key);
        }
        return List.copyOf(keys.values());
    }

    private void cleanUp() {
        resumeAll();
        downQuietly();
    }

    /** SIGCONTs every node still paused, so that none stays stopped (and bin/cluster down can stop it). */
    private void resumeAll() {
        for (int index : List.copyOf(paused.keySet())) {
            try {
                resume(index);
            } catch (IOException | InterruptedException | RuntimeException e) {
                System.err.println("[" + name + "] could not resume node" + index + ": " + e);
            }
        }
    }

    /** The pid in node {@code index}'s pid file, if that process is still this cluster's node. */
    private long nodePid(int index) throws IOException {
        Path pidFile = runDir.resolve("node" + index).resolve("pid");
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile).trim());
        } catch (NumberFormatException e) {
            throw new IOException("no pid in " + pidFile, e);
        }
        if (!owned(index, pid)) {
            throw new IOException("pid " + pid + " of " + pidFile + " is not node" + index + " of this cluster (any more)");
        }
        return pid;
    }

    /** Whether {@code pid} runs node {@code index} of this cluster (the marker bin/cluster checks too). */
    private boolean owned(int index, long pid) {
        String marker = "server " + runDir.resolve("node" + index).resolve("config.yml");
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ').contains(marker);
        } catch (IOException gone) {
            return false;
        }
    }

    /** The state letter of /proc/PID/stat (R, S, T for stopped, ...), or "gone". */
    private static String processState(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ", 2)[0];
        } catch (IOException | RuntimeException gone) {
            return "gone";
        }
    }

    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
        if (!kill.waitFor(30, TimeUnit.SECONDS)) {
            kill.destroyForcibly();
            throw new IOException("kill -" + signal + " " + pid + " did not finish");
        }
        if (kill.exitValue() != 0) {
            throw new IOException("kill -" + signal + " " + pid + " failed: " + new String(kill.getInputStream().readAllBytes()));
        }
    }

    private void downQuietly() {
        try {
            run(COMMAND_TIMEOUT, "down", "--purge");
        } catch (IOException | InterruptedException e) {
            System.err.println("[" + name + "] bin/cluster down failed, killing what it started: " + e.getMessage());
            killLeftovers();
        }
    }

    /**
     * The fallback when the launcher cannot stop the cluster: SIGKILL every process named by a pid
     * file of our run directory whose command line still mentions that directory (never anyone
     * else's), then delete the directory, so that no node JVM outlives the tests.
     */
    private void killLeftovers() {
        try (Stream<Path> files = Files.walk(runDir)) {
            files.filter(file -> file.getFileName().toString().endsWith("pid")).forEach(this::killOwned);
        } catch (IOException e) {
            System.err.println("[" + name + "] cannot list " + runDir + ": " + e.getMessage());
        }
        try (Stream<Path> files = Files.walk(runDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            System.err.println("[" + name + "] cannot delete " + runDir + ": " + e.getMessage());
        }
    }

    private void killOwned(Path pidFile) {
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            String commandLine = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
            if (commandLine.contains(runDir.toString())) {
                ProcessHandle.of(pid).ifPresent(process -> {
                    process.destroyForcibly();
                    process.onExit().join();
                });
            }
        } catch (IOException | NumberFormatException gone) {
            // No such process any more, or not a pid file.
        }
    }

    /**
     * Copies the small logs (every node's, and syslog's and carbon's when bin/cluster runs them; not
     * data, not whisper files) to target/cluster-logs/NAME/ before the run directory goes away.
     */
    private void keepLogs() {
        try (Stream<Path> files = Files.walk(runDir)) {
            Path target = logDir();
            for (Path file : files.filter(LocalCluster::isLog).sorted(Comparator.naturalOrder()).toList()) {
                Path copy = target.resolve(runDir.relativize(file).toString().replace('/', '-'));
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

    /** Runs bin/cluster with this cluster's environment; its output, or an IOException if it failed. */
    private String run(Duration timeout, String... args) throws IOException, InterruptedException {
        ScriptResult result = exec("cluster", Map.of("DYNAMO_START_TIMEOUT", START_TIMEOUT_SECONDS), Map.of(), timeout, args);
        if (result.exitCode() != 0) {
            throw new IOException("bin/cluster " + String.join(" ", args) + " exited with " + result.exitCode() + ":\n"
                    + result.err());
        }
        return result.out();
    }

    private int freeLookingBasePort() {
        for (int attempt = 0; attempt < 50; attempt++) {
            // Below the ephemeral range (32768+), so outgoing connections never hold our ports.
            int base = 20_000 + ThreadLocalRandom.current().nextInt(40) * PORTS_PER_CLUSTER;
            // HAProxy on B, the log browser, graphite-web, carbon and rsyslog (UDP) on B+95..B+99
            if (IntStream.of(base, base + 95, base + 96, base + 97, base + 98, base + 99)
                        .allMatch(port -> bindable(InetAddress.getLoopbackAddress(), port))
                    && bindableUdp(base + 98)
                    && IntStream.rangeClosed(1, nodes).allMatch(i -> nodePorts(base, i).allMatch(port -> bindable(address(i), port)))) {
                return base;
            }
        }
        throw new IllegalStateException("no free port range between 20000 and 32000");
    }

    /** The ports bin/cluster binds for node {@code i} (on its own address) at base port {@code base}. */
    private static IntStream nodePorts(int base, int i) {
        return IntStream.of(base + i, base + 100 + i, base + 200 + i);
    }

    private static InetAddress address(int index) {
        try {
            return InetAddress.getByName(host(index));
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e); // an IP literal is never looked up
        }
    }

    private static boolean bindable(InetAddress address, int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, address)) {
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

    private static boolean listening(int port) {
        try (java.net.Socket socket = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Path binCluster(Path root) {
        if (!Files.isExecutable(root.resolve("bin/cluster"))) {
            throw new UncheckedIOException(new IOException("no bin/cluster under " + root
                    + " (set -Ddynamo.repo to the repository root)"));
        }
        return root;
    }
}
