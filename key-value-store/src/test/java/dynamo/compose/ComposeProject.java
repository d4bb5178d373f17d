package dynamo.compose;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One docker-compose project of slave.yml with loopback.yml on top: the node service scaled,
 * containers listed and killed, and everything removed (containers and volumes) at the end.
 */
final class ComposeProject {
    static final String NODES = "key-value-store";

    private final Path dir;
    private final String name;
    private final Map<String, String> env;

    ComposeProject(Path repo, String name, Map<String, String> env) {
        this.dir = repo.resolve("docker-machine-weave");
        this.name = name;
        this.env = env;
    }

    private List<String> compose(String... args) {
        List<String> command = new ArrayList<>(List.of("docker-compose", "-p", name, "-f", "slave.yml", "-f", "loopback.yml"));
        command.addAll(Arrays.asList(args));
        return command;
    }

    /** Starts (or scales to) {@code nodes} node containers, with the stand-in and the forwarder. */
    void up(int nodes) {
        Commands.check(dir, env, 300, compose("up", "-d", "--no-build", "--scale", NODES + "=" + nodes));
    }

    /** Ids of the running node containers. */
    List<String> nodeContainers() {
        String out = Commands.check(dir, env, 60, compose("ps", "-q", NODES));
        return out.lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** The node id a container's entrypoint claimed ("entrypoint: node node3 at ..."). */
    String nodeIdOf(String container) {
        String logs = Commands.check(dir, env, 60, List.of("docker", "logs", container));
        return logs.lines().filter(l -> l.startsWith("entrypoint: node "))
                .map(l -> l.split(" ")[2]).reduce((first, last) -> last)
                .orElseThrow(() -> new IllegalStateException("no entrypoint line in the logs of " + container));
    }

    void kill(String container) {
        Commands.check(dir, env, 60, List.of("docker", "kill", container));
    }

    String state(String container) {
        return Commands.run(dir, env, 60, List.of("docker", "inspect", "-f",
                "{{.State.Status}} restarts={{.RestartCount}}", container)).output().strip();
    }

    String logs() {
        return Commands.run(dir, env, 120, compose("logs", "--no-color", "--timestamps")).output();
    }

    /** Stops and removes the project's containers, network settings and volumes (the nodes' data). */
    Commands.Result down() {
        return Commands.run(dir, env, 180, compose("down", "-v", "--remove-orphans", "-t", "10"));
    }
}
