package dynamo.bdb;

import static dynamo.core.storage.SampleVersions.bytes;
import static dynamo.core.storage.SampleVersions.value;
import static org.assertj.core.api.Assertions.assertThat;

import dynamo.harness.ChildJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every update a JVM reported as committed is there after that JVM is killed with SIGKILL. */
class BdbCrashTest {
    private static final int REPORTS_BEFORE_KILL = 300;
    private static final int SIGKILL_EXIT = 128 + 9;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void committedUpdatesSurviveKillDashNine() throws Exception {
        Path data = dir.resolve("data");
        ChildJvm child = ChildJvm.start(dir, "writer", List.of("-Xmx128m"), BdbCrashWriter.class, data.toString(), "1000000");
        Process writer = child.process();
        Path stdout = child.stdout();

        // The child's stdout goes to a file: Process.destroyForcibly() closes the pipes, which
        // would lose reports still in transit.
        while (reports(stdout).size() < REPORTS_BEFORE_KILL && writer.isAlive()) {
            Thread.sleep(20);
        }
        writer.destroyForcibly();
        assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(writer.exitValue()).as("killed mid-run, stderr: %s", Files.readString(child.stderr()))
                .isEqualTo(SIGKILL_EXIT);
        Set<Integer> written = reports(stdout);
        assertThat(written).hasSizeGreaterThanOrEqualTo(REPORTS_BEFORE_KILL);
        try (BdbEnvironment environment = new BdbEnvironment(data, 16L << 20);
                BdbStorageEngine engine = new BdbStorageEngine(environment)) {
            for (int i : written) {
                String key = "key-" + i;
                assertThat(engine.get(bytes(key))).as(key).containsExactly(value(key, 1));
            }
        }
    }

    /** The indexes of complete "written i" lines (a line cut by the kill has no newline yet). */
    private static Set<Integer> reports(Path stdout) throws IOException {
        String text = Files.exists(stdout) ? Files.readString(stdout, StandardCharsets.UTF_8) : "";
        Set<Integer> written = new TreeSet<>();
        String complete = text.substring(0, text.lastIndexOf('\n') + 1);
        for (String line : complete.split("\n")) {
            if (line.startsWith("written ")) {
                written.add(Integer.parseInt(line.substring("written ".length())));
            }
        }
        return written;
    }
}
