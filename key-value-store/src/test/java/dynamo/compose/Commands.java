package dynamo.compose;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command to its end within a time limit and hands back its output (stdout and stderr). */
final class Commands {
    record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    private Commands() {
    }

    static Result run(Path dir, Map<String, String> env, long timeoutSeconds, List<String> command) {
        try {
            Path out = Files.createTempFile("compose-it-", ".out");
            try {
                ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                        .redirectErrorStream(true).redirectOutput(out.toFile());
                pb.environment().putAll(env);
                Process p = pb.start();
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    return new Result(-1, Files.readString(out, StandardCharsets.UTF_8)
                            + "\n(timed out after " + timeoutSeconds + " s: " + String.join(" ", command) + ")");
                }
                return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, e.toString());
        }
    }

    /** Like {@link #run} but fails the caller when the command does. */
    static String check(Path dir, Map<String, String> env, long timeoutSeconds, List<String> command) {
        Result r = run(dir, env, timeoutSeconds, command);
        if (!r.ok()) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + r.exitCode() + ":\n" + r.output());
        }
        return r.output();
    }
}
