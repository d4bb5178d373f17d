package dynamo.bdb;

import static dynamo.core.storage.SampleVersions.bytes;
import static dynamo.core.storage.SampleVersions.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sleepycat.je.Database;
import com.sleepycat.je.DatabaseEntry;

import dynamo.core.storage.StorageEngine;
import dynamo.core.storage.StorageEngineContract;
import dynamo.core.storage.StoredEntry;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BdbStorageEngineTest extends StorageEngineContract {
    @RegisterExtension
    final TempEnvironment bdb = new TempEnvironment();

    @Override
    protected StorageEngine newEngine() {
        return new BdbStorageEngine(bdb.open());
    }

    @Test
    void dataSurvivesClosingAndReopeningTheEnvironment() {
        for (int i = 0; i < 300; i++) {
            String key = "key-" + i;
            engine.update(bytes(key), current -> List.of(value(key, 1)));
        }
        engine.update(bytes("key-7"), current -> List.of());
        engine.close();

        engine = new BdbStorageEngine(bdb.reopen());

        assertThat(engine.get(bytes("key-42"))).containsExactly(value("key-42", 1));
        assertThat(engine.get(bytes("key-7"))).isEmpty();
        assertThat(engine.count()).isEqualTo(299);
    }

    @Test
    void scanLargerThanOneBatchByCountAndByBytes() {
        int keys = BatchedScan.BATCH_COUNT * 2 + 17;
        for (int i = 0; i < keys; i++) {
            engine.update(bytes(String.format("k%05d", i)), current -> List.of(value("v", 1)));
        }
        byte[] twoMebibytes = new byte[2 << 20];
        for (int i = 0; i < 5; i++) {
            engine.update(bytes("z-big-" + i), current -> List.of(value(twoMebibytes, 1)));
        }

        try (Stream<StoredEntry> all = engine.scan()) {
            assertThat(all.map(e -> new String(e.key()))).hasSize(keys + 5).doesNotHaveDuplicates().isSorted();
        }
    }

    /**
     * A record that cannot be decoded stands before the scan's start: a seek never reads it, a scan
     * from the first key that filters would fail on it.
     */
    @Test
    void scanAfterSeeksAndNeverReadsTheKeysBeforeItsStart() {
        for (int i = 0; i < 1000; i++) {
            engine.update(bytes(String.format("k%05d", i)), current -> List.of(value("v", 1)));
        }
        Database raw = bdb.environment().openDatabase(BdbStorageEngine.DATABASE);
        raw.put(null, new DatabaseEntry(bytes("a-unreadable")), new DatabaseEntry(new byte[] {(byte) 0x7f, 1, 2}));

        try (Stream<StoredEntry> after = engine.scanAfter(bytes("k00899"))) {
            assertThat(after.map(e -> new String(e.key()))).hasSize(100).startsWith("k00900").endsWith("k00999");
        }
        assertThatThrownBy(() -> engine.scan().count()).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void environmentClosesEvenWhileAScanStreamIsLeftOpen() {
        engine.update(bytes("a"), current -> List.of(value("v", 1)));
        engine.update(bytes("b"), current -> List.of(value("v", 1)));
        Stream<StoredEntry> abandoned = engine.scan();
        assertThat(abandoned.iterator().next().key()).isEqualTo(bytes("a"));

        engine.close();
        BdbEnvironment closed = bdb.environment();
        closed.close();

        assertThat(closed.isValid()).isFalse();
        engine = new BdbStorageEngine(bdb.open());
        assertThat(engine.count()).isEqualTo(2);
    }
}
