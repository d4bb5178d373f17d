package dynamo.harness;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A main class run in a child JVM on this JVM's class path, in a directory that also holds its
 * stdout and stderr as files: a test that kills it would lose, with pipes, what is still in transit.
 */
public record ChildJvm(Process process, Path stdout, Path stderr) {
    /** Starts {@code main} with {@code args} in {@code dir}; its output goes to {@code name}.out and {@code name}.err there. */
    public static ChildJvm start(Path dir, String name, List<String> jvmOptions, Class<?> main, String... args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        Path stdout = dir.resolve(name + ".out");
        Path stderr = dir.resolve(name + ".err");
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        return new ChildJvm(process, stdout, stderr);
    }
}
