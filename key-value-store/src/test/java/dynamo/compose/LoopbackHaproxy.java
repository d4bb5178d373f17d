package dynamo.compose;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The host's HAProxy in front of the node containers, from the local cluster's template
 * (haproxy/haproxy-local.cfg.template): one server per slot address, health from each slot's
 * admin /ping, so a slot without a container (or with a killed one) is simply down.
 */
final class LoopbackHaproxy implements AutoCloseable {
    private final Process process;

    private LoopbackHaproxy(Process process) {
        this.process = process;
    }

    static LoopbackHaproxy start(Path repo, Path workDir, int frontendPort, int statsPort, List<String> addresses,
                                 int httpPort, int adminPort) throws IOException {
        String template = Files.readString(repo.resolve("haproxy/haproxy-local.cfg.template"));
        String writes = IntStream.range(0, addresses.size())
                .mapToObj(i -> "    server node" + (i + 1) + " " + addresses.get(i) + ":" + httpPort + " check port " + adminPort)
                .collect(Collectors.joining("\n"));
        String reads = IntStream.range(0, addresses.size())
                .mapToObj(i -> "    server node" + (i + 1) + " " + addresses.get(i) + ":" + httpPort + " track nodes/node" + (i + 1))
                .collect(Collectors.joining("\n"));
        String config = template.replace("@FRONTEND_PORT@", Integer.toString(frontendPort))
                .replace("@STATS_PORT@", Integer.toString(statsPort))
                .replace("    @WRITE_SERVERS@", writes)
                .replace("    @READ_SERVERS@", reads);
        Path file = Files.writeString(workDir.resolve("haproxy.cfg"), config);
        Process p = new ProcessBuilder("haproxy", "-db", "-f", file.toString())
                .redirectErrorStream(true).redirectOutput(workDir.resolve("haproxy.log").toFile()).start();
        return new LoopbackHaproxy(p);
    }

    boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
