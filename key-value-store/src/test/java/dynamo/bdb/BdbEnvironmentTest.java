package dynamo.bdb;

import static dynamo.core.storage.SampleVersions.bytes;
import static dynamo.core.storage.SampleVersions.value;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BdbEnvironmentTest {
    @TempDir
    Path dir;

    @Test
    void createsItsDirectoryAndKeepsItsFilesThere() {
        Path data = dir.resolve("nested/data");
        try (BdbEnvironment environment = new BdbEnvironment(data)) {
            assertThat(environment.isValid()).isTrue();
            assertThat(environment.directory()).isEqualTo(data);
            assertThat(data.resolve("je.lck")).exists();
        }
        assertThat(data.resolve("00000000.jdb")).exists();
    }

    @Test
    void isInvalidOnceClosedAndClosesTwiceQuietly() {
        BdbEnvironment environment = new BdbEnvironment(dir);
        environment.close();

        assertThat(environment.isValid()).isFalse();
        environment.close();
    }

    @Test
    void closingTheEnvironmentClosesDatabasesLeftOpen() {
        BdbEnvironment environment = new BdbEnvironment(dir, 8L << 20);
        BdbStorageEngine engine = new BdbStorageEngine(environment);
        BdbHintStore hints = new BdbHintStore(environment);
        engine.update(bytes("k"), current -> List.of(value("v", 1)));

        environment.close();
        engine.close();
        hints.close();

        try (BdbEnvironment reopened = new BdbEnvironment(dir, 8L << 20);
                BdbStorageEngine again = new BdbStorageEngine(reopened)) {
            assertThat(again.get(bytes("k"))).containsExactly(value("v", 1));
        }
    }

    @Test
    void writesNothingIntoTheSharedTempDirectory() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        long before;
        try (var files = Files.list(tmp)) {
            before = files.filter(p -> p.getFileName().toString().startsWith("je")).count();
        }
        try (BdbEnvironment environment = new BdbEnvironment(dir.resolve("data"));
                BdbStorageEngine engine = new BdbStorageEngine(environment)) {
            engine.update(bytes("k"), current -> List.of(value("v", 1)));
        }
        try (var files = Files.list(tmp)) {
            assertThat(files.filter(p -> p.getFileName().toString().startsWith("je")).count()).isEqualTo(before);
        }
    }
}
