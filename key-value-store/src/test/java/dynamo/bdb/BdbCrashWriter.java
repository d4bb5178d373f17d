package dynamo.bdb;

import static dynamo.core.storage.SampleVersions.bytes;
import static dynamo.core.storage.SampleVersions.value;

import java.nio.file.Path;
import java.util.List;

/**
 * Child process of {@link BdbCrashTest}: writes keys {@code key-0..key-(n-1)} one update at a time
 * and reports each committed one on stdout, until it is killed. It never closes the environment.
 */
public final class BdbCrashWriter {
    private BdbCrashWriter() {
    }

    public static void main(String[] args) {
        Path directory = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        BdbEnvironment environment = new BdbEnvironment(directory, 8L << 20);
        BdbStorageEngine engine = new BdbStorageEngine(environment);
        for (int i = 0; i < n; i++) {
            String key = "key-" + i;
            engine.update(bytes(key), current -> List.of(value(key, 1)));
            System.out.println("written " + i);
            System.out.flush();
        }
    }
}
