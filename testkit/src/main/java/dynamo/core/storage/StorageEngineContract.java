package dynamo.core.storage;

import static dynamo.core.storage.SampleVersions.bytes;
import static dynamo.core.storage.SampleVersions.counter;
import static dynamo.core.storage.SampleVersions.counterOf;
import static dynamo.core.storage.SampleVersions.tombstone;
import static dynamo.core.storage.SampleVersions.value;
import static org.assertj.core.api.Assertions.assertThat;

import dynamo.core.paxos.Acceptor;
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
import java.util.function.UnaryOperator;
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

    /**
     * The cases a streamed page meets, applied once key by key (updateState) and once as a batch on
     * twins of the keys: the batch must store and answer exactly what the key-by-key path does.
     */
    @Test
    void aBatchStoresAndAnswersWhatKeyByKeyUpdatesDo() {
        Ballot b5 = new Ballot(5, "n1");
        Ballot b7 = new Ballot(7, "n2");
        Ballot b9 = new Ballot(9, "n1");
        Ballot b20 = new Ballot(20, "n3");
        List<Object[]> cases = List.of(
                // {key, stored state (null: absent), change}
                new Object[] {"absent-gets-copy", null, copy(b5, List.of(value("v", 1)))},
                new Object[] {"older-copy-ignored", new KeyState(b9, b9, List.of(value("new", 3))), copy(b5, List.of(value("old", 1)))},
                new Object[] {"newer-copy-despite-promise", new KeyState(b20, b5, List.of(value("a", 1))), copy(b9, List.of(value("b", 2)))},
                new Object[] {"late-copy-below-promise-refused", new KeyState(b20, b5, List.of(value("a", 1))), late(b9, List.of(value("b", 2)))},
                new Object[] {"late-copy-at-promise-applied", new KeyState(b9, b5, List.of(value("a", 1))), late(b9, List.of(value("b", 2)))},
                new Object[] {"tombstone-copy-wins", new KeyState(b5, b5, List.of(value("a", 1))), copy(b7, List.of(tombstone(2)))},
                new Object[] {"older-value-under-tombstone-ignored", new KeyState(b9, b9, List.of(tombstone(4))), copy(b7, List.of(value("back", 3)))},
                new Object[] {"promise-only-gets-copy", new KeyState(b20, Ballot.ZERO, List.of()), copy(b7, List.of(value("c", 1)))},
                new Object[] {"empty-copy-ignored", new KeyState(b5, b5, List.of(value("a", 1))), copy(b9, List.of())},
                new Object[] {"dropped", new KeyState(b5, b5, List.of(value("a", 1))), (UnaryOperator<KeyState>) s -> KeyState.EMPTY},
                new Object[] {"siblings-merged", KeyState.of(List.of(value("x", 1))),
                        (UnaryOperator<KeyState>) s -> s.withVersions(append(s.versions(), value("y", 2)))},
                new Object[] {"absent-stays-absent", null, copy(b5, List.of())});
        List<StateChange> expected = new ArrayList<>();
        List<KeyUpdate> batch = new ArrayList<>();
        for (Object[] c : cases) {
            UnaryOperator<KeyState> change = change(c[2]);
            for (String prefix : List.of("single-", "batch-")) {
                if (c[1] != null) {
                    engine.updateState(bytes(prefix + c[0]), current -> (KeyState) c[1]);
                }
            }
            KeyState before = engine.readState(bytes("single-" + c[0]));
            expected.add(new StateChange(before, engine.updateState(bytes("single-" + c[0]), change)));
            batch.add(new KeyUpdate(bytes("batch-" + c[0]), change));
        }

        List<StateChange> answered = engine.updateStates(batch);

        assertThat(answered).containsExactlyElementsOf(expected);
        for (Object[] c : cases) {
            assertThat(engine.readState(bytes("batch-" + c[0]))).as((String) c[0])
                    .isEqualTo(engine.readState(bytes("single-" + c[0])));
        }
        assertThat(expected.stream().map(StateChange::changed)).as("the cases change some keys and leave others")
                .contains(true, false);
    }

    @Test
    void aKeyTwiceInABatchSeesItsFirstChange() {
        engine.update(bytes("k"), current -> counter(1));

        List<StateChange> changes = engine.updateStates(List.of(
                new KeyUpdate(bytes("k"), s -> s.withVersions(SampleVersions.increment(s.versions()))),
                new KeyUpdate(bytes("other"), s -> s.withVersions(counter(7))),
                new KeyUpdate(bytes("k"), s -> s.withVersions(SampleVersions.increment(s.versions())))));

        assertThat(changes).extracting(c -> counterOf(c.before().versions())).containsExactly(1L, 0L, 2L);
        assertThat(changes).extracting(c -> counterOf(c.after().versions())).containsExactly(2L, 7L, 3L);
        assertThat(counterOf(engine.get(bytes("k")))).isEqualTo(3);
        assertThat(engine.updateStates(List.of())).isEmpty();
    }

    @Test
    void concurrentBatchesAndSingleUpdatesOfTheSameKeysLoseNothing() throws Exception {
        int threads = 6;
        int rounds = 30;
        List<byte[]> keys = new ArrayList<>();
        for (int k = 0; k < 20; k++) {
            keys.add(bytes(String.format("shared-%02d", k)));
        }

        Concurrently.run(threads, t -> {
            for (int i = 0; i < rounds; i++) {
                if (t % 2 == 0) {
                    engine.updateStates(keys.stream()
                            .map(k -> new KeyUpdate(k, s -> s.withVersions(SampleVersions.increment(s.versions())))).toList());
                } else {
                    keys.forEach(k -> engine.update(k, SampleVersions::increment));
                }
            }
        });

        for (byte[] key : keys) {
            assertThat(counterOf(engine.get(key))).as(new String(key)).isEqualTo(threads * rounds);
        }
    }

    private static UnaryOperator<KeyState> copy(Ballot ballot, List<Versioned> versions) {
        return s -> Acceptor.streamedCopy(s, ballot, versions);
    }

    private static UnaryOperator<KeyState> late(Ballot ballot, List<Versioned> versions) {
        return s -> Acceptor.lateCopy(s, ballot, versions, 0);
    }

    @SuppressWarnings("unchecked")
    private static UnaryOperator<KeyState> change(Object change) {
        return (UnaryOperator<KeyState>) change;
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
