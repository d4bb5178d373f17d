package dynamo.bdb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JE environment on files of a temporary directory of its own, one per test (register it with
 * {@code @RegisterExtension}): {@link #open} opens it (again, on the same files: what a restart
 * sees); after the test, and after its {@code @AfterEach} methods, the one open is closed and the
 * directory deleted.
 */
final class TempEnvironment implements BeforeEachCallback, AfterEachCallback {
    private static final long CACHE_BYTES = 16L << 20;

    private Path dir;
    private BdbEnvironment environment;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("bdb-test-");
    }

    /** Opens the environment on this test's files; it is the one {@link #environment} returns from now on. */
    BdbEnvironment open() {
        environment = new BdbEnvironment(dir.resolve("data"), CACHE_BYTES);
        return environment;
    }

    /** Closes the open environment and opens it again on the same files. */
    BdbEnvironment reopen() {
        environment.close();
        return open();
    }

    /** The environment last opened. */
    BdbEnvironment environment() {
        return environment;
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        if (environment != null && environment.isValid()) {
            environment.close();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
