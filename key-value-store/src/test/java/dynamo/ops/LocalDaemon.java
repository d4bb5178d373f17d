package dynamo.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A daemon a test runs in the foreground, its output in a file, stopped after the test and killed if it lingers. */
record LocalDaemon(Process process, Path outputFile, Duration stopWithin) implements AutoCloseable {
    /** Starts {@code command}, its stdout and stderr to {@code output}; on close it has {@code stopWithin} to exit. */
    static LocalDaemon start(ProcessBuilder command, Path output, Duration stopWithin) throws IOException {
        Process process = command.redirectErrorStream(true).redirectOutput(output.toFile()).start();
        return new LocalDaemon(process, output, stopWithin);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** What it has written so far. */
    String output() throws IOException {
        return Files.exists(outputFile) ? Files.readString(outputFile) : "";
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(stopWithin.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
        }
    }
}
