package dynamo.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dynamo.harness.RepoDir;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * bin/cluster, the parts it sources (bin/cluster.d/), bin/benchmark and the jar check they share
 * (bin/lib/): no shellcheck finding, each file checked on its own as well as through what sources
 * it, and no part over 250 lines.
 */
class ShellScriptsTest {
    private static final int MAX_LINES = 250;
    private static final Path BIN = RepoDir.resolve("bin");

    @Test
    void shellcheckFindsNothing() throws IOException, InterruptedException {
        Optional<Path> shellcheck = onPath("shellcheck");
        assumeTrue(shellcheck.isPresent(), "shellcheck is not installed (bin/setup installs it)");

        List<String> command = new ArrayList<>(List.of(shellcheck.get().toString(), "-x", "-f", "gcc"));
        scripts().forEach(script -> command.add(script.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("shellcheck ended").isTrue();

        assertThat(new String(output, StandardCharsets.UTF_8)).as("shellcheck -x findings").isEmpty();
        assertThat(process.exitValue()).isZero();
    }

    @Test
    void noPartOfBinClusterExceeds250Lines() throws IOException {
        for (Path script : scripts()) {
            assertThat(Files.readAllLines(script).size())
                    .as("lines in %s", BIN.relativize(script))
                    .isLessThanOrEqualTo(MAX_LINES);
        }
    }

    @Test
    void binClusterSourcesEveryPart() throws IOException {
        String cluster = Files.readString(BIN.resolve("cluster"));

        assertThat(parts()).isNotEmpty().allSatisfy(part -> assertThat(cluster)
                .as("bin/cluster sources %s", part.getFileName())
                .contains("source \"$REPO/bin/cluster.d/" + part.getFileName() + "\""));
    }

    /** bin/cluster and its parts, bin/benchmark, and bin/lib/*.sh. */
    private static List<Path> scripts() throws IOException {
        List<Path> scripts = new ArrayList<>(List.of(BIN.resolve("cluster"), BIN.resolve("benchmark")));
        scripts.addAll(parts());
        scripts.addAll(shellFiles(BIN.resolve("lib")));
        return scripts;
    }

    private static List<Path> parts() throws IOException {
        return shellFiles(BIN.resolve("cluster.d"));
    }

    private static List<Path> shellFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".sh")).sorted().toList();
        }
    }

    private static Optional<Path> onPath(String program) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin");
        return Stream.of(path.split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, program))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
