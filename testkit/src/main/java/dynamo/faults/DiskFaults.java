package dynamo.faults;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Disk faults for the nodes of one cluster: each node's data directory is an ext4 file system of its
 * own (a sparse image file on a loop device), so one node's disk can be stalled with fsfreeze(8).
 * While frozen, every write to it blocks (JE's log writes, so every commit of that node), and the
 * process runs on: it answers pings and does whatever needs no write. That is a disk that stops
 * answering for seconds: a failing drive, a saturated or throttled volume, or the multi-second
 * fsyncs of a shared build machine.
 *
 * <p>A freeze that outlived its test would leave the node's JVM stuck in uninterruptible writes, so
 * each {@link #stall} first starts a watchdog process that thaws the file system after a bound,
 * whatever becomes of this JVM; {@link #close()} and a shutdown hook thaw and unmount everything.
 * Needs root, loop devices and the util-linux and e2fsprogs commands; {@link #available()} says
 * whether this machine has them.
 */
public final class DiskFaults implements AutoCloseable {
    /** Sparse: only what the node writes takes space; large, since JE refuses writes with under 5 GB free (je.freeDisk). */
    private static final long IMAGE_BYTES = 8L << 30;
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private final Path root;
    private final Map<Integer, Path> mounts = new TreeMap<>();
    private final Map<Integer, Process> watchdogs = new ConcurrentHashMap<>();
    private final Thread thawOnExit = new Thread(this::thawAllQuietly, "disk-thaw");

    /** Makes and mounts one file system per node under {@code root} (created; it must not be on a loop mount itself). */
    public DiskFaults(Path root, Collection<Integer> nodes) throws IOException {
        this.root = Files.createDirectories(root.toAbsolutePath()); // absolute: nodes reach it through links
        Runtime.getRuntime().addShutdownHook(thawOnExit);
        try {
            for (int node : nodes) {
                Path image = this.root.resolve("node" + node + ".img");
                try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
                    file.setLength(IMAGE_BYTES);
                }
                run("mkfs.ext4", "-q", "-F", image.toString());
                Path mount = Files.createDirectories(this.root.resolve("node" + node));
                run("mount", "-o", "loop", image.toString(), mount.toString());
                mounts.put(node, mount);
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Whether disk faults can be made here: root, /dev/loop-control and the commands. */
    public static boolean available() {
        try {
            return Files.exists(Path.of("/dev/loop-control"))
                    && exec(List.of("id", "-u")).output.strip().equals("0")
                    && exec(List.of("sh", "-c", "command -v mkfs.ext4 && command -v fsfreeze && command -v losetup")).code == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Node {@code node}'s data directory: the root of its own file system, emptied. */
    public Path dataDir(int node) throws IOException {
        Path mount = mounts.get(node);
        try (Stream<Path> entries = Files.list(mount)) {
            for (Path entry : entries.toList()) {
                if (!entry.getFileName().toString().equals("lost+found")) {
                    deleteTree(entry);
                }
            }
        }
        return mount;
    }

    /**
     * Freezes node {@code node}'s file system: its writes block until {@link #resume}, or until
     * {@code bound} has passed, when the watchdog thaws it whatever happens to this JVM.
     */
    public void stall(int node, Duration bound) throws IOException {
        Path mount = mounts.get(node);
        Process watchdog = new ProcessBuilder("sh", "-c",
                "sleep " + Math.max(1, bound.toSeconds()) + "; fsfreeze -u '" + mount + "' 2>/dev/null")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Process previous = watchdogs.put(node, watchdog);
        if (previous != null) {
            previous.destroy();
        }
        run("fsfreeze", "-f", mount.toString());
    }

    /** Thaws node {@code node}'s file system (a no-op if it is not frozen). */
    public void resume(int node) throws IOException {
        thaw(node);
        Process watchdog = watchdogs.remove(node);
        if (watchdog != null) {
            watchdog.destroy();
        }
    }

    /** Thaws, unmounts and deletes every file system; call it once the nodes have stopped. */
    @Override
    public void close() {
        thawAllQuietly();
        watchdogs.values().forEach(Process::destroy);
        for (Path mount : mounts.values()) {
            try {
                if (exec(List.of("umount", mount.toString())).code != 0) {
                    exec(List.of("umount", "-l", mount.toString())); // a straggler still holds it: detach lazily
                }
            } catch (IOException e) {
                System.err.println("could not unmount " + mount + ": " + e);
            }
        }
        try {
            deleteTree(root);
        } catch (IOException e) {
            System.err.println("could not delete " + root + ": " + e);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(thawOnExit);
        } catch (IllegalStateException exiting) {
            // the hook runs anyway
        }
    }

    private void thaw(int node) throws IOException {
        Result result = exec(List.of("fsfreeze", "-u", mounts.get(node).toString()));
        if (result.code != 0 && !result.output.contains("Invalid argument")) { // EINVAL: it was not frozen
            throw new IOException("fsfreeze -u failed: " + result.output);
        }
    }

    private void thawAllQuietly() {
        for (int node : mounts.keySet()) {
            try {
                thaw(node);
            } catch (IOException e) {
                System.err.println("could not thaw node" + node + "'s disk: " + e);
            }
        }
    }

    private static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> all = Files.walk(path)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void run(String... command) throws IOException {
        Result result = exec(List.of(command));
        if (result.code != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + result.code + "): " + result.output);
        }
    }

    private record Result(int code, String output) {
    }

    private static Result exec(List<String> command) throws IOException {
        Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in " + COMMAND_TIMEOUT);
            }
            return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
    }
}
