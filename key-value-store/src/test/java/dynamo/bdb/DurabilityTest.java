package dynamo.bdb;

import static dynamo.core.storage.SampleVersions.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The durability setting reaches JE's commits: sync fsyncs the log for every write, os never waits for one. */
class DurabilityTest {
    private static final int WRITES = 20;

    @TempDir
    Path dir;

    @Test
    void eachSettingBecomesTheEnvironmentsCommitDurability() {
        try (BdbEnvironment os = new BdbEnvironment(dir.resolve("os"), 8L << 20, Durability.OS);
             BdbEnvironment sync = new BdbEnvironment(dir.resolve("sync"), 8L << 20, Durability.SYNC)) {
            assertThat(os.commitDurability()).isEqualTo(com.sleepycat.je.Durability.COMMIT_WRITE_NO_SYNC);
            assertThat(sync.commitDurability()).isEqualTo(com.sleepycat.je.Durability.COMMIT_SYNC);
        }
    }

    @Test
    void syncFsyncsTheLogForEveryWriteAndOsDoesNot() {
        assertThat(fsyncsFor(Durability.SYNC)).isGreaterThanOrEqualTo(WRITES);
        assertThat(fsyncsFor(Durability.OS)).isLessThan(WRITES / 4);
    }

    @Test
    void theConfigurationsSpellingIsParsedAndAnythingElseNamesTheChoices() {
        assertThat(Durability.parse("os")).isEqualTo(Durability.OS);
        assertThat(Durability.parse(" SYNC ")).isEqualTo(Durability.SYNC);
        assertThat(Durability.SYNC.text()).isEqualTo("sync");
        assertThatThrownBy(() -> Durability.parse("fsync")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("durability must be one of os, sync, got 'fsync'");
    }

    private long fsyncsFor(Durability durability) {
        try (BdbEnvironment environment = new BdbEnvironment(dir.resolve(durability.text()), 8L << 20, durability);
             BdbStorageEngine engine = new BdbStorageEngine(environment)) {
            long before = environment.logFsyncs();
            for (int i = 0; i < WRITES; i++) {
                byte[] key = ("key-" + i).getBytes(StandardCharsets.UTF_8);
                engine.update(key, current -> List.of(value("v", 1)));
            }
            return environment.logFsyncs() - before;
        }
    }
}
