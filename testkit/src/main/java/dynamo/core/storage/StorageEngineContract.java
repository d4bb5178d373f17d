package dynamo.core.storage;

import static dynamo.core.storage.SampleVersions.bytes;
import static dynamo.core.storage.SampleVersions.counterOf;
import static dynamo.core.storage.SampleVersions.tombstone;
import static dynamo.core.storage.SampleVersions.value;
import static org.assertj.core.api.Assertions.assertThat;

import dynamo.core.version.Ballot;
import dynamo.core.version.Versioned;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link StorageEngine} must do; run by a subclass per implementation. */
public abstract class StorageEngineContract {
    protected StorageEngine engine;

    /** A fresh, empty engine for one test. */
    protected abstract StorageEngine newEngine();

    /** Releases what {@link #newEngine} set up besides the engine (runs after the engine's close). */
    protected void release() {
    }

    @BeforeEach
    void openEngine() {
        engine = newEngine();
    }

    @AfterEach
    void closeEngine() {
        engine.close();
        release();
    }

    @Test
    void keepsTheAcceptorStateWithTheVersionsInOneRecord() {
        Ballot promised = new Ballot(20, "n2");
        Ballot accepted = new Ballot(10, "n1");
        KeyState state = new KeyState(promised, accepted, List.of(value("a", 1)));

        assertThat(engine.updateState(bytes("k"), current -> state)).isEqualTo(state);

        assertThat(engine.readState(bytes("k"))).isEqualTo(state);
        assertThat(engine.update(bytes("k"), current -> List.of(value("b", 2)))).containsExactly(value("b", 2));
        assertThat(engine.readState(bytes("k")).promised()).as("a versions-only update keeps the ballots")
                .isEqualTo(promised);
        try (Stream<StoredEntry> all = engine.scan()) {
            assertThat(all.toList()).singleElement().satisfies(e -> assertThat(e.accepted()).isEqualTo(accepted));
        }
    }

    @Test
    void aRecordWithOnlyAPromiseIsKeptButNotScanned() {
        KeyState promiseOnly = new KeyState(new Ballot(5, "n3"), Ballot.ZERO, List.of());

        engine.updateState(bytes("promised"), current -> promiseOnly);
        engine.update(bytes("stored"), current -> List.of(value("v", 1)));

        assertThat(engine.readState(bytes("promised"))).isEqualTo(promiseOnly);
        try (Stream<StoredEntry> all = engine.scan()) {
            assertThat(all.map(e -> new String(e.key()))).containsExactly("stored");
        }
    }

    @Test
    void anEmptyStateRemovesTheRecord() {
        engine.updateState(bytes("k"), current -> new KeyState(new Ballot(5, "n3"), new Ballot(5, "n3"),
                List.of(value("v", 1))));

        engine.updateState(bytes("k"), current -> KeyState.EMPTY);

        assertThat(engine.readState(bytes("k"))).isEqualTo(KeyState.EMPTY);
        assertThat(engine.count()).isZero();
    }

    @Test
    void absentKeyHasNoVersions() {
        assertThat(engine.get(bytes("missing"))).isEmpty();
        assertThat(engine.count()).isZero();
    }

    @Test
    void updateStoresWhatTheChangeReturns() {
        List<Versioned> siblings = List.of(value(new byte[] {0, (byte) 0xff, 0, 1}, 3), tombstone(4));

        List<Versioned> stored = engine.update(bytes("k"), current -> siblings);

        assertThat(stored).isEqualTo(siblings);
        assertThat(engine.get(bytes("k"))).isEqualTo(siblings);
        assertThat(engine.count()).isEqualTo(1);
    }

    @Test
    void updateIsGivenTheCurrentVersions() {
        engine.update(bytes("k"), current -> List.of(value("first", 1)));
        AtomicReference<List<Versioned>> seen = new AtomicReference<>();

        engine.update(bytes("k"), current -> {
            seen.set(current);
            return List.of(value("second", 2));
        });

        assertThat(seen.get()).containsExactly(value("first", 1));
        assertThat(engine.get(bytes("k"))).containsExactly(value("second", 2));
    }

    @Test
    void absentKeyIsGivenAnEmptyList() {
        AtomicReference<List<Versioned>> seen = new AtomicReference<>();
        engine.update(bytes("new"), current -> {
            seen.set(current);
            return current;
        });
        assertThat(seen.get()).isEmpty();
        assertThat(engine.count()).isZero();
    }

    @Test
    void emptyResultRemovesTheKey() {
        engine.update(bytes("k"), current -> List.of(value("v", 1)));

        List<Versioned> stored = engine.update(bytes("k"), current -> List.of());

        assertThat(stored).isEmpty();
        assertThat(engine.get(bytes("k"))).isEmpty();
        assertThat(engine.count()).isZero();
        try (Stream<StoredEntry> all = engine.scan()) {
            assertThat(all).isEmpty();
        }
    }

    @Test
    void emptyValueIsNotATombstone() {
        engine.update(bytes("k"), current -> List.of(value(new byte[0], 1)));

        Versioned stored = engine.get(bytes("k")).get(0);

        assertThat(stored.isTombstone()).isFalse();
        assertThat(stored.value()).isEmpty();
    }

    @Test
    void keyArrayChangedByTheCallerAfterwardsDoesNotMoveTheEntry() {
        byte[] key = bytes("abc");
        engine.update(key, current -> List.of(value("v", 1)));
        key[0] = 'z';

        assertThat(engine.get(bytes("abc"))).containsExactly(value("v", 1));
        assertThat(engine.get(key)).isEmpty();
    }

    @Test
    void storesAOneMebibyteValue() {
        byte[] big = new byte[1 << 20];
        new Random(7).nextBytes(big);

        engine.update(bytes("big"), current -> List.of(value(big, 1)));

        assertThat(engine.get(bytes("big")).get(0).value()).isEqualTo(big);
    }

    @Test
    void scanOfAnEmptyStoreIsEmpty() {
        try (Stream<StoredEntry> all = engine.scan()) {
            assertThat(all).isEmpty();
        }
    }

    @Test
    void scanReturnsEveryKeyOnceInUnsignedByteOrder() {
        List<byte[]> keys = randomKeys(1000);
        for (byte[] key : keys) {
            engine.update(key, current -> List.of(value(key, 1)));
        }
        keys.sort(Arrays::compareUnsigned);

        List<StoredEntry> scanned;
        try (Stream<StoredEntry> all = engine.scan()) {
            scanned = all.toList();
        }

        assertThat(scanned).extracting(StoredEntry::key).containsExactlyElementsOf(keys);
        assertThat(scanned).allSatisfy(e -> assertThat(e.versions()).containsExactly(value(e.key(), 1)));
        assertThat(engine.count()).isEqualTo(1000);
    }

    @Test
    void scanAfterStartsStrictlyAfterTheKeyPresentOrNotInUnsignedOrder() {
        List<byte[]> keys = randomKeys(600);
        for (byte[] key : keys) {
            engine.update(key, current -> List.of(value(key, 1)));
        }
        keys.sort(Arrays::compareUnsigned);
        byte[] stored = keys.get(300);
        byte[] absent = Arrays.copyOf(stored, stored.length + 1); // sorts right after stored

        try (Stream<StoredEntry> after = engine.scanAfter(stored)) {
            assertThat(after).extracting(StoredEntry::key).containsExactlyElementsOf(keys.subList(301, 600));
        }
        try (Stream<StoredEntry> after = engine.scanAfter(absent)) {
            assertThat(after).extracting(StoredEntry::key).containsExactlyElementsOf(keys.subList(301, 600));
        }
        byte[] beyondAll = new byte[20];
        Arrays.fill(beyondAll, (byte) 0xff);
        try (Stream<StoredEntry> after = engine.scanAfter(beyondAll)) {
            assertThat(after).isEmpty();
        }
    }

    @Test
    void highBytesSortAfterLowBytesAndPrefixesFirst() {
        byte[][] expected = {{0x00}, {0x00, 0x00}, {0x01}, {0x7f}, {(byte) 0x80}, {(byte) 0xff}, {(byte) 0xff, 0x00}};
        List<byte[]> shuffled = new ArrayList<>(List.of(expected));
        Collections.shuffle(shuffled, new Random(3));
        for (byte[] key : shuffled) {
            engine.update(key, current -> List.of(value("v", 1)));
        }

        try (Stream<StoredEntry> all = engine.scan()) {
            assertThat(all.map(StoredEntry::key)).containsExactly(expected);
        }
    }

    @Test
    void emptyKeyIsAKeyLikeAnyOtherAndScansFirst() {
        engine.update(new byte[] {0}, current -> List.of(value("zero", 1)));
        engine.update(new byte[0], current -> List.of(value("empty", 1)));

        assertThat(engine.get(new byte[0])).containsExactly(value("empty", 1));
        try (Stream<StoredEntry> all = engine.scan()) {
            assertThat(all.map(StoredEntry::key)).containsExactly(new byte[0], new byte[] {0});
        }
    }

    @Test
    void closingAPartlyReadScanLeavesTheStoreWritable() throws Exception {
        for (int i = 0; i < 600; i++) {
            engine.update(bytes(String.format("key-%04d", i)), current -> List.of(value("v", 1)));
        }
        Stream<StoredEntry> scan = engine.scan();
        Iterator<StoredEntry> it = scan.iterator();
        byte[] current = null;
        for (int i = 0; i < 10; i++) {
            current = it.next().key();
        }
        byte[] lastRead = current;

        // Another thread writes the key the open scan stands on: no lock may be held for it.
        CompletableFuture.runAsync(() -> engine.update(lastRead, c -> List.of(value("changed", 2))))
                .get(5, TimeUnit.SECONDS);
        scan.close();

        assertThat(engine.get(lastRead)).containsExactly(value("changed", 2));
        try (Stream<StoredEntry> all = engine.scan()) {
            assertThat(all.count()).isEqualTo(600);
        }
    }

    @Test
    void concurrentIncrementsOfOneKeyLoseNothing() throws Exception {
        int threads = 8;
        int perThread = 200;

        Concurrently.run(threads, t -> {
            for (int i = 0; i < perThread; i++) {
                engine.update(bytes("counter"), SampleVersions::increment);
            }
        });

        assertThat(counterOf(engine.get(bytes("counter")))).isEqualTo(threads * perThread);
    }

    @Test
    void concurrentFirstWritesOfFreshKeysLoseNothing() throws Exception {
        int threads = 8;
        int keys = 100;

        Concurrently.run(threads, t -> {
            for (int k = 0; k < keys; k++) {
                engine.update(bytes("fresh-" + k), SampleVersions::increment);
            }
        });

        for (int k = 0; k < keys; k++) {
            assertThat(counterOf(engine.get(bytes("fresh-" + k)))).as("key %d", k).isEqualTo(threads);
        }
    }

    @Test
    void concurrentAppendsKeepEverySibling() throws Exception {
        int threads = 8;
        int perThread = 40;

        Concurrently.run(threads, t -> {
            for (int i = 0; i < perThread; i++) {
                Versioned mine = value("t" + t + "-" + i, t * 1000L + i);
                engine.update(bytes("siblings"), current -> append(current, mine));
            }
        });

        List<Versioned> stored = engine.get(bytes("siblings"));
        assertThat(stored).hasSize(threads * perThread).doesNotHaveDuplicates();
    }

    private static List<Versioned> append(List<Versioned> current, Versioned v) {
        List<Versioned> next = new ArrayList<>(current);
        next.add(v);
        return next;
    }

    /** Distinct keys of 1 to 12 random bytes, so that high bytes and shared prefixes occur. */
    private static List<byte[]> randomKeys(int n) {
        Random random = new Random(42);
        List<byte[]> keys = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        while (keys.size() < n) {
            byte[] key = new byte[1 + random.nextInt(12)];
            random.nextBytes(key);
            if (seen.add(Arrays.toString(key))) {
                keys.add(key);
            }
        }
        return keys;
    }
}
